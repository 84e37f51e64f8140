// A node whose fold meets a record it cannot apply (here one another writer put in the shared
// PostgreSQL log, that does not decode) stops: it is unready, logs why, and exits non-zero so a
// supervisor restarts it. Needs NETLEDGER_PG_URL; fails without it under CI=true.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { databaseOfItsOwn, skipWithoutPostgres } from '../../test-kit/postgres-database.js';
import { call } from '../../test-kit/in-process-node.js';
import { serverWithDataDir } from '../../test-kit/server-with-data-dir.js';

describe.skipIf(skipWithoutPostgres)('a node whose fold stops', () => {
  const database = databaseOfItsOwn('failfast');
  // After the database, so the node stops before the database is dropped.
  const node = serverWithDataDir('netledger-fail-fast-');

  it('exits non-zero, saying why, once a live record does not decode', async () => {
    const server = await node.start('--store', 'postgres', '--pg-url', database.url, '--log-level', 'info');
    expect((await call(server.url, 'POST', '/v2.0/networks', { network: { name: 'a' } })).status).toBe(201);
    expect((await call(server.url, 'GET', '/readyz')).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    const writer = new pg.Client({ connectionString: database.url });
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
