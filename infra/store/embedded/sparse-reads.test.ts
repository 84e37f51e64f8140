import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../domain/log/event-store.js';
import { EmbeddedEventStore } from './embedded-event-store.js';
import { appended, portCreated, withDataDir } from '../../../test-kit/embedded-fixtures.js';

const collect = async (events: AsyncIterable<StoredEvent>): Promise<number[]> => {
  const positions: number[] = [];
  for await (const event of events) positions.push(event.position);
  return positions;
};

/**
 * The store keeps a location for one record in 64 and reads forward from it: every read must
 * start at the asked position wherever that falls (between checkpoints, across segments, in a
 * record of many events or one longer than a read chunk), before and after a reopen.
 */
describe('reads through the sparse record index', () => {
  it('give exactly the events after any position, up to any limit, and any stream from any revision', () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ stream: fc.constantFrom('vpc-a', 'vpc-b', 'vpc-c'), events: fc.integer({ min: 1, max: 4 }), padding: fc.nat(300) }), {
          minLength: 1,
          maxLength: 220,
        }),
        fc.integer({ min: 512, max: 4096 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 100 })), { minLength: 1, maxLength: 10 }),
        (records, segmentBytes, reads) =>
          withDataDir(async (dir) => {
            const expected: { position: number; stream: string; revision: number }[] = [];
            const revisions = new Map<string, number>();
            const check = async (store: EmbeddedEventStore) => {
              const head = expected.length;
              for (const [pick, limit] of reads) {
                const after = pick % (head + 2);
                expect(await collect(store.readAll(after, limit))).toEqual(expected.filter((e) => e.position > after).slice(0, limit).map((e) => e.position));
              }
              for (const stream of ['vpc-a', 'vpc-b', 'vpc-c', 'vpc-none']) {
                const from = reads[0][0] % 5;
                expect(await collect(store.readStream(stream, from))).toEqual(expected.filter((e) => e.stream === stream && e.revision >= from).map((e) => e.position));
              }
            };
            const store = await EmbeddedEventStore.open(dir, { segmentBytes });
            for (const { stream, events, padding } of records) {
              const batch = Array.from({ length: events }, () => portCreated({ padding: 'x'.repeat(padding) }));
              await appended(store.append(stream, batch, 'any'));
              for (let i = 0; i < events; i++) {
                const revision = (revisions.get(stream) ?? -1) + 1;
                revisions.set(stream, revision);
                expected.push({ position: expected.length + 1, stream, revision });
              }
            }
            await check(store);
            await store.close();
            const reopened = await EmbeddedEventStore.open(dir, { segmentBytes });
            await check(reopened);
            await reopened.close();
          }),
      ),
      { numRuns: 25 },
    ));

  it('read a record longer than a read chunk whole, wherever it starts', () =>
    withDataDir(async (dir) => {
      const store = await EmbeddedEventStore.open(dir);
      for (let i = 0; i < 100; i++) await appended(store.append('vpc-a', [portCreated({ i })], 'any'));
      const big = Array.from({ length: 3 }, () => portCreated({ padding: 'y'.repeat(600_000) }));
      await appended(store.append('vpc-b', big, 'any'));
      await appended(store.append('vpc-a', [portCreated({ i: 100 })], 'any'));
      expect(await collect(store.readAll(0))).toEqual(Array.from({ length: 104 }, (_, i) => i + 1));
      expect(await collect(store.readAll(100, 2))).toEqual([101, 102]);
      expect(await collect(store.readAll(102))).toEqual([103, 104]);
      expect(await collect(store.readStream('vpc-b'))).toEqual([101, 102, 103]);
      await store.close();
    }));
});
