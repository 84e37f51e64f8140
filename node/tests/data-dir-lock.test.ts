// Whatever the store, one writer per data dir: a second `netledger serve --store postgres` on the
// same --data-dir is refused (it would share, and wipe, the first one's audit index). Needs
// NETLEDGER_PG_URL; fails without it under CI=true.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { pgUrl, skipWithoutPostgres } from '../../test-kit/postgres-database.js';
import { startServer } from '../../test-kit/server-process.js';
import { serverWithDataDir } from '../../test-kit/server-with-data-dir.js';

describe.skipIf(skipWithoutPostgres)('the data dir of a node on PostgreSQL', () => {
  let admin: pg.Client | undefined;
  const database = `datadirlock_${randomBytes(6).toString('hex')}`;
  afterAll(async () => {
    await admin?.query(`drop database if exists ${database} with (force)`);
    await admin?.end();
  });
  // Registered after the database's clean-up, so its afterAll runs first (hooks run as a stack): the node stops before its database is dropped.
  const node = serverWithDataDir('netledger-lock-');

  it('is refused to a second node while the first holds it', async () => {
    admin = new pg.Client({ connectionString: pgUrl() });
    await admin.connect();
    await admin.query(`create database ${database}`);
    const url = new URL(pgUrl());
    url.pathname = `/${database}`;
    const args = ['--store', 'postgres', '--pg-url', url.toString()];
    await node.start(...args);
    await expect(startServer(['--data-dir', node.dataDir, ...args])).rejects.toThrow(/exited with 2[\s\S]*is in use by process \d+/);
  });
});
