import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { appended, portCreated, recordOffsets, withDataDir } from '../../../test-kit/embedded-fixtures.js';
import { checkCovered } from './covered-check.js';
import { EmbeddedEventStore } from './embedded-event-store.js';
import { nodeFileSystem } from './file-system.js';
import { logIdIn } from './log-id-file.js';
import { recoverLog } from './recovery.js';
import { readIndex } from './saved-index.js';

const segment1 = (dir: string) => join(dir, 'segment-000001.log');

/** Records of 100 KB to 1.5 MB, so 1 MiB reads end inside records and one record is longer than a read. */
async function writeLargeRecords(dir: string): Promise<void> {
  const store = await EmbeddedEventStore.open(dir);
  for (const [i, size] of [100_000, 700_000, 300_000, 1_500_000, 200_000, 900_000, 50_000].entries())
    await appended(store.append(`vpc-${i % 2}`, [portCreated({ i, pad: 'x'.repeat(size) })], 'any'));
  await store.close();
}

async function checked(dir: string) {
  const saved = await readIndex(dir, await logIdIn(dir, nodeFileSystem, true));
  if (saved === undefined || !isRight(saved)) throw new Error('no saved index');
  const { log, covered } = await recoverLog(dir, nodeFileSystem, 64 * 1024 * 1024, true, saved.right);
  try {
    return await checkCovered(log, covered!, () => false);
  } finally {
    await log.close();
  }
}

describe('the check of the records a saved index covers', () => {
  it('passes sound records that reads cut anywhere, one longer than a read included', () =>
    withDataDir(async (dir) => {
      await writeLargeRecords(dir);
      expect(await checked(dir)).toBeUndefined();
    }));

  for (const record of [0, 3, 4, 5]) {
    it(`finds a flipped byte in record ${record}, at its offset`, () =>
      withDataDir(async (dir) => {
        await writeLargeRecords(dir);
        const bytes = await readFile(segment1(dir));
        const start = recordOffsets(bytes).starts[record];
        bytes[start + 100] ^= 0x01;
        await writeFile(segment1(dir), bytes);
        expect(await checked(dir)).toEqual({ file: segment1(dir), offset: start, reason: 'checksum mismatch' });
      }));
  }
});
