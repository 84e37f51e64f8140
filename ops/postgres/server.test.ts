// Check of the development/CI PostgreSQL server (ops/postgres/server.sh) with the `pg` client.
//
// Runs when NETLEDGER_PG_URL is set (e.g. `NETLEDGER_PG_URL=$(ops/postgres/server.sh start)`).
// Skips otherwise, except under CI=true, where a missing server is a failure, not a skip.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { until } from '../../test-kit/until.js';

const serverSh = fileURLToPath(new URL('./server.sh', import.meta.url));
const run$ = promisify(execFile);
const running = (dir: string) => run$(serverSh, ['status', '--dir', dir]).then(() => true, () => false);

const url = process.env.NETLEDGER_PG_URL;

function pgUrl(): string {
  if (!url) {
    throw new Error(
      'CI=true but NETLEDGER_PG_URL is not set: start a server with ' +
        '`export NETLEDGER_PG_URL=$(ops/postgres/server.sh start)` (or run .ci/run)',
    );
  }
  return url;
}

describe.skipIf(!url && process.env.CI !== 'true')('PostgreSQL server (ops/postgres/server.sh)', () => {
  it('accepts connections on NETLEDGER_PG_URL and answers select 1', async () => {
    const client = new pg.Client({ connectionString: pgUrl(), connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      const res = await client.query<{ one: number; db: string; fsync: string }>(
        "select 1 as one, current_database() as db, current_setting('fsync') as fsync",
      );
      expect(res.rows).toEqual([{ one: 1, db: 'netledger', fsync: 'on' }]);
    } finally {
      await client.end();
    }
  });
});

describe.skipIf(!url && process.env.CI !== 'true')('server.sh --owner', () => {
  it('stops the server once its owner process is gone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'netledger-pg-owner-'));
    const owner = spawn('sleep', ['120'], { stdio: 'ignore' });
    try {
      await run$(serverSh, ['start', '--dir', dir, '--owner', String(owner.pid)]);
      expect(await running(dir)).toBe(true);
      owner.kill('SIGKILL');
      await until(async () => !(await running(dir)), 30_000, 250);
    } finally {
      owner.kill('SIGKILL');
      await run$(serverSh, ['stop', '--dir', dir]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
