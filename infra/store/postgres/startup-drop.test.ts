// The connection running the schema's migrations drops (the COMMIT that ends them is cut): opening
// the store fails with the error, as a refused start, and no 'error' event is left unheard to end
// the process. Needs NETLEDGER_PG_URL; skips without it, except under CI=true, where it fails instead.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { pgUrl, skipWithoutPostgres } from '../../../test-kit/postgres-database.js';
import { PostgresLink } from '../../../test-kit/postgres-link.js';
import { PostgresEventStore } from './postgres-event-store.js';

describe.skipIf(skipWithoutPostgres)('PostgresEventStore losing its connection while it migrates', () => {
  const schema = `startup_drop_${randomBytes(6).toString('hex')}`;
  let link: PostgresLink | undefined;
  afterEach(async () => {
    await link?.close();
    const client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    try {
      await client.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await client.end();
    }
  });

  it('refuses to open, and opens once the connection holds', async () => {
    link = await PostgresLink.open(pgUrl());
    const cut = link.cutNextCommit('before-commit');
    await expect(PostgresEventStore.open({ url: link.url, schema })).rejects.toThrow(/Connection terminated/);
    await cut;
    const store = await PostgresEventStore.open({ url: link.url, schema });
    expect(await store.headPosition()).toBe(0);
    await store.close();
  });
});
