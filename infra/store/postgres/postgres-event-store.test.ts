// PostgreSQL-specific behaviour beyond the contract: group commit, and several nodes on one log.
// Needs NETLEDGER_PG_URL; skips without it, except under CI=true, where it fails instead.
import { isRight } from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventStore, StoredEvent } from '../../../domain/log/event-store.js';
import { appended, portCreated, readAllOf } from '../../../test-kit/embedded-fixtures.js';
import { freshSchema, pgUrl, skipWithoutPostgres, type FreshSchema } from '../../../test-kit/postgres-database.js';

describe.skipIf(skipWithoutPostgres)('PostgresEventStore', () => {
  let fresh: FreshSchema;
  afterEach(async () => fresh?.cleanup());

  it('groups concurrent appends of one node into few transactions', async () => {
    fresh = await freshSchema(pgUrl(), 'batching');
    await appended(fresh.store.append('warm-up', [portCreated()], 'no_stream'));
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => fresh.store.append(`vpc-${i}`, [portCreated({ i })], 'no_stream')));
    expect(outcomes.every(isRight)).toBe(true);
    // Rows written by one transaction share its id (xmin): count the transactions that wrote them.
    const client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    const { rows } = await client.query<{ transactions: number }>(
      `select count(distinct xmin::text)::integer as transactions from "${fresh.schema}".events where stream like 'vpc-%'`,
    );
    await client.end();
    expect(rows[0].transactions).toBeLessThan(20);
  });

  it('two nodes appending to the same streams keep one dense order that both read and follow', async () => {
    fresh = await freshSchema(pgUrl(), 'nodes');
    const nodes = [fresh.store, await fresh.reopen()];
    const followed: StoredEvent[] = [];
    const subscription = nodes[1].subscribeToAll({ after: 0, onEvent: (e) => void followed.push(e) });
    // Each writer appends with the revision it last saw and retries on a conflict, like the engine.
    const writer = async (node: EventStore, stream: string, count: number) => {
      for (let done = 0; done < count; ) {
        let revision = -1;
        for await (const event of node.readStream(stream)) revision = event.revision;
        const outcome = await node.append(stream, [portCreated({ stream })], revision === -1 ? 'no_stream' : revision);
        if (isRight(outcome)) done += 1;
      }
    };
    await Promise.all(nodes.flatMap((node) => ['vpc-a', 'vpc-b'].map((stream) => writer(node, stream, 15))));

    const all = await readAllOf(nodes[0]);
    expect(all).toHaveLength(60);
    expect(all.map((e) => e.position)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    for (const stream of ['vpc-a', 'vpc-b']) {
      expect(all.filter((e) => e.stream === stream).map((e) => e.revision)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    }
    expect(await readAllOf(nodes[1])).toEqual(all);
    await expect.poll(() => followed.length, { timeout: 10_000 }).toBe(60);
    await subscription.close();
    expect(followed).toEqual(all);
  });
});
