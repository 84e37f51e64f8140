// A node whose fold meets a record it cannot apply (here one another writer put in the shared
// PostgreSQL log, that does not decode) stops: it is unready, logs why, and exits non-zero so a
// supervisor restarts it. Needs NETLEDGER_PG_URL; fails without it under CI=true.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { pgUrl, skipWithoutPostgres } from '../../test-kit/postgres-database.js';
import { call } from '../../test-kit/in-process-node.js';
import { serverWithDataDir } from '../../test-kit/server-with-data-dir.js';

describe.skipIf(skipWithoutPostgres)('a node whose fold stops', () => {
  let admin: pg.Client | undefined;
  const database = `failfast_${randomBytes(6).toString('hex')}`;
  afterAll(async () => {
    await admin?.query(`drop database if exists ${database} with (force)`);
    await admin?.end();
  });
  // Registered after the database's clean-up, so its afterAll runs first (hooks run as a stack): the node stops before its database is dropped.
  const node = serverWithDataDir('netledger-fail-fast-');

  it('exits non-zero, saying why, once a live record does not decode', async () => {
    admin = new pg.Client({ connectionString: pgUrl() });
    await admin.connect();
    await admin.query(`create database ${database}`);
    const url = new URL(pgUrl());
    url.pathname = `/${database}`;
    const server = await node.start('--store', 'postgres', '--pg-url', url.toString(), '--log-level', 'info');
    expect((await call(server.url, 'POST', '/v2.0/networks', { network: { name: 'a' } })).status).toBe(201);
    expect((await call(server.url, 'GET', '/readyz')).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    const writer = new pg.Client({ connectionString: url.toString() });
    await writer.connect();
    try {
      const { rows } = await writer.query<{ head: string }>('select max(position)::text as head from netledger.events');
      const position = Number(rows[0].head) + 1;
      const metadata = JSON.stringify({ commandId: 'c', correlationId: 'c', actor: { projectId: 'p', userId: 'u' }, decidedAt: '2026-12-03T10:00:00.000Z' });
      await writer.query(
        `insert into netledger.events (position, stream, revision, type, version, data, metadata) values ($1, 'network-bad', 0, 'NetworkCreated', 1, '{"network":42}', $2)`,
        [position, metadata],
      );
      await writer.query(`select pg_notify('netledger_appended', $1)`, [String(position)]);
    } finally {
      await writer.end();
    }
    const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 20_000))]);
    expect(code).toBe(70);
    expect(server.output()).toMatch(/the fold of the log stopped/);
    expect(server.output()).toMatch(/network-bad/);
  });
});
