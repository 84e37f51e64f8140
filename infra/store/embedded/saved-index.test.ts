import { copyFile, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../domain/log/event-store.js';
import { appended, portCreated, readAllOf, recordOffsets, withDataDir } from '../../../test-kit/embedded-fixtures.js';
import { EmbeddedEventStore, type EmbeddedEventStoreOptions } from './embedded-event-store.js';
import { encodeIndex, INDEX_FILE, type SavedIndex } from './saved-index.js';

const indexFile = (dir: string) => join(dir, INDEX_FILE);

interface Append {
  readonly stream: number;
  readonly events: number;
  readonly pad: number;
}

const appendsOf = fc.array(
  fc.record({ stream: fc.integer({ min: 0, max: 6 }), events: fc.integer({ min: 1, max: 3 }), pad: fc.integer({ min: 0, max: 400 }) }),
  { minLength: 1, maxLength: 60 },
);

async function write(dir: string, appends: readonly Append[], options: EmbeddedEventStoreOptions): Promise<void> {
  const store = await EmbeddedEventStore.open(dir, options);
  for (const [i, { stream, events, pad }] of appends.entries()) {
    const batch = Array.from({ length: events }, (_, j) => portCreated({ i, j, pad: 'x'.repeat(pad) }));
    await appended(store.append(`vpc-${stream}`, batch, 'any'));
  }
  await store.close();
}

/**
 * Everything the store answers on a read: the log after every position (whole and one event),
 * every stream from every revision, the head; and the index it saves when it closes, byte for
 * byte (every position, location and revision it keeps), with the log lines its open told.
 */
async function answersOf(dir: string, options: EmbeddedEventStoreOptions = {}) {
  const told: string[] = [];
  const store = await EmbeddedEventStore.open(dir, { ...options, log: (line) => told.push(line) });
  const all = await readAllOf(store);
  const reads: StoredEvent[][] = [];
  for (let after = 0; after <= all.length; after++) {
    const events: StoredEvent[] = [];
    for await (const event of store.readAll(after, 1)) events.push(event);
    reads.push(events);
  }
  const streams: Record<string, StoredEvent[][]> = {};
  for (const stream of new Set(all.map((event) => event.stream))) {
    streams[stream] = [];
    for (let from = 0; from <= all.filter((event) => event.stream === stream).length; from++) {
      const events: StoredEvent[] = [];
      for await (const event of store.readStream(stream, from)) events.push(event);
      streams[stream].push(events);
    }
  }
  const head = await store.headPosition();
  // The next append's place: positions and revisions go on from what the indexes hold.
  const next = await appended(store.append('vpc-0', [portCreated({ next: true })], 'any'));
  await store.close();
  return { answers: { all, reads, streams, head, next }, index: await readFile(indexFile(dir)), told };
}

/** The same log's answers with its index file gone: the full rebuild from the segments. */
async function rebuiltAnswersOf(copy: string, options: EmbeddedEventStoreOptions) {
  await rm(indexFile(copy), { force: true });
  const rebuilt = await answersOf(copy, options);
  expect(rebuilt.told).toEqual([`${indexFile(copy)} is missing: the store's indexes were rebuilt from every segment`]);
  return rebuilt;
}

/** Copies the segments and LOG-ID of `dir` to `copy`. */
async function copyLog(dir: string, copy: string, segments: number): Promise<void> {
  await copyFile(join(dir, 'LOG-ID'), join(copy, 'LOG-ID'));
  for (let n = 1; n <= segments; n++) {
    const name = `segment-${String(n).padStart(6, '0')}.log`;
    await copyFile(join(dir, name), join(copy, name)).catch(() => undefined);
  }
}

const segmentCount = async (dir: string) => (await readdir(dir)).filter((name) => name.startsWith('segment-')).length;
const lastSegment = async (dir: string) => join(dir, `segment-${String(await segmentCount(dir)).padStart(6, '0')}.log`);

describe("the store's saved index", () => {
  it('taken up with the tail written after it, answers every read as a full rebuild does, and saves the same index', () =>
    fc.assert(
      fc.asyncProperty(appendsOf, appendsOf, fc.constantFrom(256, 1024, 64 * 1024), async (before, after, segmentBytes) =>
        withDataDir(async (dir) =>
          withDataDir(async (copy) => {
            await write(dir, before, { segmentBytes });
            const older = await readFile(indexFile(dir));
            await write(dir, after, { segmentBytes, indexEveryBytes: Number.POSITIVE_INFINITY });
            // The index of the first part only, beside the segments of both: a node killed after `before`'s save.
            await writeFile(indexFile(dir), older);
            await copyLog(dir, copy, await segmentCount(dir));

            const resumed = await answersOf(dir, { segmentBytes });
            expect(resumed.told).toEqual([]);
            const rebuilt = await rebuiltAnswersOf(copy, { segmentBytes });
            expect(resumed.answers).toEqual(rebuilt.answers);
            expect(resumed.index.toString()).toEqual(rebuilt.index.toString());
          }),
        ),
      ),
      { numRuns: 25 },
    ));

  it('is saved while appends go on, every so many bytes, not only at close', () =>
    withDataDir(async (dir) => {
      const store = await EmbeddedEventStore.open(dir, { indexEveryBytes: 2048 });
      for (let i = 0; i < 40; i++) await appended(store.append(`vpc-${i % 3}`, [portCreated({ i, pad: 'x'.repeat(100) })], 'any'));
      await new Promise((done) => setTimeout(done, 200)); // the save runs in the background
      const saved = JSON.parse((await readFile(indexFile(dir), 'utf8')).split('\n')[1]) as { head: number };
      expect(saved.head).toBeGreaterThan(10);
      await store.close();
    }));

  const damaged: [string, (dir: string) => Promise<void>, RegExp][] = [
    [
      'a flipped byte in the index file',
      async (dir) => {
        const bytes = await readFile(indexFile(dir));
        const at = bytes.indexOf('"head":') + 7;
        bytes[at] = bytes[at] === 0x31 ? 0x32 : 0x31; // still JSON, another head
        await writeFile(indexFile(dir), bytes);
      },
      /does not match its checksum/,
    ],
    ['an index file cut short', async (dir) => truncate(indexFile(dir), 100), /does not match its checksum/],
    ['an index file of another format', async (dir) => writeFile(indexFile(dir), 'netledger-store-index 0 x\n{}'), /is not a store index of this format/],
    [
      "another log's index",
      async (dir) => {
        const saved = JSON.parse((await readFile(indexFile(dir), 'utf8')).split('\n')[1]) as SavedIndex;
        await writeFile(indexFile(dir), encodeIndex({ ...saved, logId: '00000000-0000-4000-8000-000000000000' }));
      },
      /indexes log 00000000-0000-4000-8000-000000000000, not this one/,
    ],
    [
      'segments shorter than the index says (a backup of the segments put back)',
      async (dir) => {
        const last = await lastSegment(dir);
        const { starts } = recordOffsets(await readFile(last));
        await truncate(last, starts[starts.length - 1]);
      },
      /says segment \d+ ends at \d+, and it holds \d+ bytes/,
    ],
    [
      "another log's segments of the same length, under this log's id",
      async (dir) => {
        const file = await lastSegment(dir);
        const bytes = await readFile(file);
        const { starts } = recordOffsets(bytes);
        const last = starts[starts.length - 1];
        // The last record's payload rewritten with the same length and a valid checksum: another append.
        const other = Buffer.from(bytes.subarray(last));
        const payload = other.subarray(8).toString('utf8').replace('"i":19', '"i":91');
        other.write(payload, 8, 'utf8');
        other.writeUInt32LE(crc32(other.subarray(8)), 4);
        await writeFile(file, Buffer.concat([bytes.subarray(0, last), other]));
      },
      /names a last record of segment \d+ at \d+ that is not there/,
    ],
  ];

  for (const [what, damage, told] of damaged) {
    it(`${what}: is passed over with a log line, and the indexes are rebuilt as a full scan rebuilds them`, () =>
      withDataDir(async (dir) =>
        withDataDir(async (copy) => {
          const appends = Array.from({ length: 20 }, (_, i) => ({ stream: i % 3, events: 1 + (i % 2), pad: 0 }));
          // Segments of 512 bytes, so the log has several.
          const segmentBytes = 512;
          const store = await EmbeddedEventStore.open(dir, { segmentBytes });
          for (const [i, { stream, events }] of appends.entries())
            await appended(store.append(`vpc-${stream}`, Array.from({ length: events }, (_, j) => portCreated({ i, j })), 'any'));
          await store.close();
          await damage(dir);
          await copyLog(dir, copy, await segmentCount(dir) + 1);

          const resumed = await answersOf(dir, { segmentBytes });
          expect(resumed.told).toHaveLength(1);
          expect(resumed.told[0]).toMatch(told);
          const rebuilt = await rebuiltAnswersOf(copy, { segmentBytes });
          expect(resumed.answers).toEqual(rebuilt.answers);
          expect(resumed.index.toString()).toEqual(rebuilt.index.toString());
        }),
      ));
  }
});
