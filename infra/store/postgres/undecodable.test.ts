// A row that is not a stored event: read back, it is an error naming its stream and position.
// Needs NETLEDGER_PG_URL; skips without it, except under CI=true, where it fails instead.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { UndecodableEvent } from '../../../domain/log/recorded-event.js';
import { appended, portCreated, readAllOf } from '../../../test-kit/embedded-fixtures.js';
import { freshSchema, pgUrl, skipWithoutPostgres, type FreshSchema } from '../../../test-kit/postgres-database.js';

describe.skipIf(skipWithoutPostgres)('PostgresEventStore reading a row that does not decode', () => {
  let fresh: FreshSchema;
  afterEach(async () => fresh?.cleanup());

  it('fails the read and the subscription with UndecodableEvent, naming the stream and position', async () => {
    fresh = await freshSchema(pgUrl(), 'undecodable');
    await appended(fresh.store.append('network-a', [portCreated({ a: 1 }), portCreated({ a: 2 })], 'no_stream'));
    const client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    try {
      // What another writer, or a hand in psql, may leave in the table: metadata with no actor.
      await client.query(`update "${fresh.schema}".events set metadata = (metadata::jsonb - 'actor')::json where revision = 1`);
    } finally {
      await client.end();
    }
    await expect(readAllOf(fresh.store)).rejects.toThrow(UndecodableEvent);
    await expect(readAllOf(fresh.store)).rejects.toThrow(/position 2 of stream "network-a" does not decode: metadata.*actor/);
    const failed = await new Promise<Error>((resolve) => {
      fresh.store.subscribeToAll({ after: 0, onEvent: () => undefined, onError: resolve });
    });
    expect(failed).toBeInstanceOf(UndecodableEvent);
  });
});
