import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from './embedded-event-store.js';
import { checkLog } from './log-check.js';
import { quarantineDamage } from './log-quarantine.js';
import { appended, portCreated, readAllOf, recordOffsets, withDataDir } from '../../../test-kit/embedded-fixtures.js';

const segment = (dir: string, n: number) => join(dir, `segment-00000${n}.log`);

/** Ten appends of two events each, positions 1..20, in segments of `segmentBytes`. */
async function writeTenAppends(dir: string, segmentBytes?: number): Promise<void> {
  const store = await EmbeddedEventStore.open(dir, { segmentBytes });
  for (let i = 0; i < 10; i++) await appended(store.append(`vpc-${i % 3}`, [portCreated({ i }), portCreated({ i, j: 1 })], 'any'));
  await store.close();
}

/** Flips one byte inside the payload of segment 1's record `record`; returns where that record starts. */
async function flipByteIn(dir: string, record: number): Promise<number> {
  const bytes = await readFile(segment(dir, 1));
  const start = recordOffsets(bytes).starts[record];
  bytes[start + 20] ^= 0x01;
  await writeFile(segment(dir, 1), bytes);
  return start;
}

const positionsOf = async (dir: string) => {
  const store = await EmbeddedEventStore.open(dir);
  try {
    return (await readAllOf(store)).map((event) => event.position);
  } finally {
    await store.close();
  }
};

const upTo = (last: number) => Array.from({ length: last }, (_, i) => i + 1);

describe('log verify and log repair --quarantine', () => {
  for (const [where, record] of [['in the middle', 3], ['in the last record', 9]] as const) {
    it(`a flipped byte ${where}: verify names its segment, offset and position; repair cuts the log there, so it opens with every event before it`, () =>
      withDataDir(async (dir) => {
        await writeTenAppends(dir);
        const start = await flipByteIn(dir, record);
        const before = await readFile(segment(dir, 1));
        // Refused by the open's scan, or (damage the saved index covers) by the read that meets it.
        await expect(positionsOf(dir)).rejects.toThrow(`at offset ${start}`);

        const check = await checkLog(dir);
        expect(check.damage).toEqual([{ segment: 1, file: segment(dir, 1), offset: start, reason: 'checksum mismatch', position: 2 * record + 1 }]);
        expect(check.head).toBe(record === 9 ? 18 : 20); // the records after the damage were read too (resynced)
        expect(await readFile(segment(dir, 1))).toEqual(before); // verify wrote nothing

        const repaired = await quarantineDamage(dir);
        expect(repaired).toMatchObject({ positions: { from: 2 * record + 1, to: record === 9 ? undefined : 20 } });
        const kept = join(dir, 'quarantine', `segment-000001.log.from-${start}`);
        expect(repaired?.files).toEqual([kept]);
        expect(await readFile(kept)).toEqual(before.subarray(start));

        expect(await positionsOf(dir)).toEqual(upTo(2 * record));
        expect((await checkLog(dir)).damage).toEqual([]);
        expect(await quarantineDamage(dir)).toBeUndefined();
      }));
  }

  it('damage in one segment takes the later segments to quarantine too: their records were decided after the lost one', () =>
    withDataDir(async (dir) => {
      await writeTenAppends(dir, 512);
      const segments = (await readdir(dir)).filter((name) => name.startsWith('segment-'));
      expect(segments.length).toBeGreaterThan(2);
      const start = await flipByteIn(dir, 0);

      const repaired = await quarantineDamage(dir);
      expect(repaired?.damage).toMatchObject({ segment: 1, offset: start, position: 1 });
      expect(repaired?.files).toHaveLength(segments.length);
      expect((await readdir(dir)).filter((name) => name.startsWith('segment-'))).toEqual(['segment-000001.log']);
      expect(await positionsOf(dir)).toEqual([]);
    }));

  it('a torn tail is not damage: verify tells of it, and the next open cuts it', () =>
    withDataDir(async (dir) => {
      await writeTenAppends(dir);
      const bytes = await readFile(segment(dir, 1));
      const last = recordOffsets(bytes).starts[9];
      await writeFile(segment(dir, 1), bytes.subarray(0, last + 5));

      expect(await checkLog(dir)).toMatchObject({ damage: [], tornTail: { file: segment(dir, 1), offset: last }, head: 18 });
      expect(await positionsOf(dir)).toEqual(upTo(18));
    }));

  it('refuses to repair a data dir a store has open', () =>
    withDataDir(async (dir) => {
      await writeTenAppends(dir);
      const store = await EmbeddedEventStore.open(dir);
      await expect(quarantineDamage(dir)).rejects.toThrow('is in use');
      await store.close();
    }));
});
