// The event store contract against a real EventStoreDB (or KurrentDB) server. None can be
// installed on our CI machines, so this file runs only when NETLEDGER_ESDB_URL is set and skips
// otherwise, CI included; that skip is deliberate (the README says how to run it):
//   NETLEDGER_ESDB_URL=esdb://localhost:2113?tls=false npx vitest run infra/store/eventstoredb
// EventStoreDB has no databases to drop, so each test keeps to streams of a fresh prefix.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UndecodableEvent } from '../../../domain/log/recorded-event.js';
import { readAllOf } from '../../../test-kit/embedded-fixtures.js';
import { describeEventStoreContract } from '../../../test-kit/store-contract.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';
import { eventStoreDbClient } from './eventstore-db-client.js';

const url = process.env.NETLEDGER_ESDB_URL;

describe.skipIf(!url)('EventStoreDB', () => {
  describeEventStoreContract('eventstoredb', async () => {
    const store = new EventStoreDbEventStore(eventStoreDbClient(url as string), `contract-${randomBytes(6).toString('hex')}-`);
    return { store, cleanup: () => store.close() };
  });

  it('fails a read of an event whose metadata is not the envelope the adapter writes, naming its stream and position', async () => {
    const prefix = `undecodable-${randomBytes(6).toString('hex')}-`;
    const client = eventStoreDbClient(url as string);
    const store = new EventStoreDbEventStore(eventStoreDbClient(url as string), prefix);
    try {
      // Another writer's event in our streams: no version, no metadata of ours.
      await client.append(`${prefix}network-a`, [{ type: 'NetworkDeleted', data: { id: 'a' }, metadata: { by: 'someone else' } }], 'no_stream');
      await expect(readAllOf(store)).rejects.toThrow(UndecodableEvent);
      await expect(readAllOf(store)).rejects.toThrow(/of stream "network-a" does not decode: version: missing/);
    } finally {
      await store.close();
      await client.close();
    }
  });
});
