// Whatever the store, one writer per data dir: a second `netledger serve --store postgres` on the
// same --data-dir is refused (it would share, and wipe, the first one's audit index). Needs
// NETLEDGER_PG_URL; fails without it under CI=true.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { pgUrl, skipWithoutPostgres } from '../../test-kit/postgres-database.js';
import { startServer, stopGracefully, type ServerProcess } from '../../test-kit/server-process.js';

describe.skipIf(skipWithoutPostgres)('the data dir of a node on PostgreSQL', () => {
  let server: ServerProcess | undefined;
  let dir: string | undefined;
  let admin: pg.Client | undefined;
  const database = `datadirlock_${randomBytes(6).toString('hex')}`;
  afterAll(async () => {
    if (server) await stopGracefully(server);
    if (dir) await rm(dir, { recursive: true, force: true });
    await admin?.query(`drop database if exists ${database} with (force)`);
    await admin?.end();
  });

  it('is refused to a second node while the first holds it', async () => {
    admin = new pg.Client({ connectionString: pgUrl() });
    await admin.connect();
    await admin.query(`create database ${database}`);
    const url = new URL(pgUrl());
    url.pathname = `/${database}`;
    dir = await mkdtemp(join(tmpdir(), 'netledger-lock-'));
    const args = ['--store', 'postgres', '--pg-url', url.toString(), '--data-dir', dir];
    server = await startServer(args);
    await expect(startServer(args)).rejects.toThrow(/exited with 2[\s\S]*is in use by process \d+/);
  });
});
