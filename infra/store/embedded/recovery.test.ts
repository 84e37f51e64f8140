import { appendFile, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorruptLogError } from './corrupt-log-error.js';
import { EmbeddedEventStore } from './embedded-event-store.js';
import { INDEX_FILE } from './saved-index.js';
import { appended, portCreated, readAllOf, recordOffsets, withDataDir } from '../../../test-kit/embedded-fixtures.js';

const segment1 = (dir: string) => join(dir, 'segment-000001.log');

/** Ten appends of one to three events each: 20 events at positions 1..20. */
async function writeTenAppends(dir: string, options = {}): Promise<void> {
  const store = await EmbeddedEventStore.open(dir, options);
  for (let i = 0; i < 10; i++) {
    await appended(store.append(`vpc-${i % 3}`, Array.from({ length: 1 + (i % 3) }, (_, j) => portCreated({ i, j })), 'any'));
  }
  await store.close();
}

/** Flips one byte inside record `record` of the first segment: a complete record whose checksum fails. */
async function flipAByteOf(dir: string, record: number): Promise<{ bytes: Buffer; starts: number[] }> {
  const bytes = await readFile(segment1(dir));
  const { starts } = recordOffsets(bytes);
  bytes[starts[record] + 20] ^= 0x01;
  await writeFile(segment1(dir), bytes);
  return { bytes, starts };
}

async function reopenKeepsTheFirstNine(dir: string): Promise<void> {
  const store = await EmbeddedEventStore.open(dir);
  const events = await readAllOf(store);
  expect(events.map((e) => e.position)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1)); // the last append held 2 events
  const next = await appended(store.append('vpc-0', [portCreated({ after: 'recovery' })], 'any'));
  expect(next.firstPosition).toBe(19);
  await store.close();

  const again = await EmbeddedEventStore.open(dir);
  expect((await readAllOf(again)).at(-1)?.data).toEqual({ after: 'recovery' });
  await again.close();
}

describe('recovery on open', () => {
  it('truncates a record torn mid-write and keeps every complete one', () =>
    withDataDir(async (dir) => {
      await writeTenAppends(dir);
      const bytes = await readFile(segment1(dir));
      const { starts, end } = recordOffsets(bytes);
      expect(starts).toHaveLength(10);
      expect(end).toBe(bytes.length);
      await truncate(segment1(dir), starts[9] + Math.floor((bytes.length - starts[9]) / 2));

      await reopenKeepsTheFirstNine(dir);
    }));

  it('truncates a record cut inside its header', () =>
    withDataDir(async (dir) => {
      await writeTenAppends(dir);
      const { starts } = recordOffsets(await readFile(segment1(dir)));
      await truncate(segment1(dir), starts[9] + 5);

      await reopenKeepsTheFirstNine(dir);
    }));

  it('truncates garbage bytes after the last record whose claimed length runs past the end', () =>
    withDataDir(async (dir) => {
      await writeTenAppends(dir);
      const { starts } = recordOffsets(await readFile(segment1(dir)));
      await truncate(segment1(dir), starts[9]);
      const garbage = Buffer.alloc(300);
      for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
      garbage.writeUInt32LE(400, 0); // a plausible length, longer than what was written
      await appendFile(segment1(dir), garbage);

      await reopenKeepsTheFirstNine(dir);
    }));

  it('truncates a tail the file system filled with zeros', () =>
    withDataDir(async (dir) => {
      await writeTenAppends(dir);
      const { starts } = recordOffsets(await readFile(segment1(dir)));
      await truncate(segment1(dir), starts[9]);
      await appendFile(segment1(dir), Buffer.alloc(4096));

      await reopenKeepsTheFirstNine(dir);
    }));

  it('refuses a complete last record whose checksum fails, like one in the middle, and truncates nothing', () =>
    withDataDir(async (dir) => {
      await writeTenAppends(dir);
      const { bytes, starts } = await flipAByteOf(dir, 9);

      for (const readOnly of [false, true])
        await expect(EmbeddedEventStore.open(dir, { readOnly })).rejects.toThrow(`${segment1(dir)} at offset ${starts[9]}: checksum mismatch in the last record`);
      expect(await readFile(segment1(dir))).toEqual(bytes);
    }));

  it('opened read-only, reads up to a torn tail and leaves it there, writing nothing', () =>
    withDataDir(async (dir) => {
      await writeTenAppends(dir);
      const bytes = await readFile(segment1(dir));
      const { starts } = recordOffsets(bytes);
      await truncate(segment1(dir), starts[9] + 5);
      const torn = await readFile(segment1(dir));
      const store = await EmbeddedEventStore.open(dir, { readOnly: true });
      expect((await readAllOf(store)).map((e) => e.position)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
      expect(await store.append('vpc-0', [portCreated()], 'any')).toMatchObject({ left: { _tag: 'StoreUnavailable' } });
      await store.close();
      expect(await readFile(segment1(dir))).toEqual(torn);
    }));

  it('with no saved index, refuses a corrupt record followed by valid ones, naming the file and offset', () =>
    withDataDir(async (dir) => {
      await writeTenAppends(dir);
      await rm(join(dir, INDEX_FILE));
      const { bytes, starts } = await flipAByteOf(dir, 3);

      const opening = EmbeddedEventStore.open(dir);
      await expect(opening).rejects.toThrow(CorruptLogError);
      await expect(opening).rejects.toThrow(`${segment1(dir)} at offset ${starts[3]}: checksum mismatch`);
      // Nothing was truncated, and the lock was let go.
      expect((await readFile(segment1(dir))).length).toBe(bytes.length);
      await expect(EmbeddedEventStore.open(dir)).rejects.toThrow(CorruptLogError);
    }));

  it('with a saved index, opens on its word, then finds a corrupt record it covers: appends are refused and the next open refuses the log', () =>
    withDataDir(async (dir) => {
      await writeTenAppends(dir);
      const { bytes, starts } = await flipAByteOf(dir, 3);

      const damage = `${segment1(dir)} at offset ${starts[3]}: checksum mismatch`;
      let told: (line: string) => void = () => undefined;
      const found = new Promise<string>((resolve) => (told = resolve));
      const store = await EmbeddedEventStore.open(dir, { log: (line) => told(line) });
      try {
        expect(await found).toContain(damage);
        expect(await store.append('vpc-0', [portCreated()], 'any')).toMatchObject({ left: { _tag: 'StoreUnavailable', reason: damage } });
        await expect(readAllOf(store)).rejects.toThrow(damage);
      } finally {
        await store.close();
      }
      await expect(readFile(join(dir, INDEX_FILE))).rejects.toThrow(/ENOENT/);
      expect((await readFile(segment1(dir))).length).toBe(bytes.length);
      await expect(EmbeddedEventStore.open(dir, { log: () => undefined })).rejects.toThrow(damage);
    }));

  it('refuses damage at the end of a segment when a later segment holds records', () =>
    withDataDir(async (dir) => {
      await writeTenAppends(dir, { segmentBytes: 512 });
      const bytes = await readFile(segment1(dir));
      const { starts } = recordOffsets(bytes);
      await truncate(segment1(dir), starts.at(-1)! + 3);

      await expect(EmbeddedEventStore.open(dir)).rejects.toThrow(/segment-000001\.log at offset \d+: incomplete header/);
    }));

  it('refuses a missing segment', () =>
    withDataDir(async (dir) => {
      await writeTenAppends(dir, { segmentBytes: 256 });
      await rm(join(dir, 'segment-000002.log'));

      await expect(EmbeddedEventStore.open(dir)).rejects.toThrow(/segment-000002\.log at offset 0: segment file is missing/);
    }));
});
