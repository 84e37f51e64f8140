// Check of the development/CI PostgreSQL server (ops/postgres/server.sh) with the `pg` client.
//
// Runs when NETLEDGER_PG_URL is set (e.g. `NETLEDGER_PG_URL=$(ops/postgres/server.sh start)`).
// Skips otherwise, except under CI=true, where a missing server is a failure, not a skip.
import pg from 'pg';
import { describe, expect, it } from 'vitest';

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
