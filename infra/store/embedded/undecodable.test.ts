import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UndecodableEvent } from '../../../domain/log/recorded-event.js';
import type { StoredEvent } from '../../../domain/log/event-store.js';
import { EmbeddedEventStore } from './embedded-event-store.js';
import { encodeRecord } from './framing.js';
import { appended, portCreated, readAllOf, withDataDir } from '../../../test-kit/embedded-fixtures.js';

describe('a record of the embedded log that does not decode', () => {
  it('is an error naming its stream and position, never cut off as a torn tail nor handed on', () =>
    withDataDir(async (dir) => {
      const store = await EmbeddedEventStore.open(dir);
      await appended(store.append('network-a', [portCreated({ a: 1 })], 'no_stream'));
      await store.close();
      const segment = join(dir, 'segment-000001.log');
      const before = await readFile(segment);
      // Whole and checksummed, but its metadata has no actor: bytes no append of ours writes.
      const { metadata, ...event } = { ...portCreated({ a: 2 }), position: 2, stream: 'network-a', revision: 1 };
      await appendFile(segment, encodeRecord([{ ...event, metadata: { ...metadata, actor: undefined } } as unknown as StoredEvent]));
      const opening = EmbeddedEventStore.open(dir);
      await expect(opening).rejects.toBeInstanceOf(UndecodableEvent);
      await expect(opening).rejects.toThrow(/position 2 of stream "network-a" does not decode: metadata.*actor/);
      // Nothing was cut: the record is still there for whoever mends it.
      expect((await readFile(segment)).length).toBeGreaterThan(before.length);
    }));

  it('decodes what it wrote itself', () =>
    withDataDir(async (dir) => {
      const store = await EmbeddedEventStore.open(dir);
      await appended(store.append('network-a', [portCreated({ a: 1 })], 'no_stream'));
      expect((await readAllOf(store)).map((event) => event.revision)).toEqual([0]);
      await store.close();
    }));
});
