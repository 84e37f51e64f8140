import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../../../domain/log/event-store.js';
import { describeEventStoreContract } from '../../../test-kit/store-contract.js';
import { EmbeddedEventStore } from './embedded-event-store.js';

describeEventStoreContract('embedded', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'netledger-store-'));
  // Small segments, so the contract also runs across segment rolls.
  const open = () => EmbeddedEventStore.open(dir, { segmentBytes: 64 * 1024, recentEvents: 64 });
  let latest: EventStore = await open();
  return {
    store: latest,
    reopen: async () => (latest = await open()),
    cleanup: async () => {
      await latest.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
