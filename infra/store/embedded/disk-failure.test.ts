import { isLeft } from 'fp-ts/lib/Either.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppendError } from '../../../domain/log/event-store.js';
import { EmbeddedEventStore } from './embedded-event-store.js';
import { nodeFileSystem, type FileSystem, type StoreFile } from './file-system.js';
import { appended, portCreated, readAllOf, recordOffsets, withDataDir } from '../../../test-kit/embedded-fixtures.js';

/** The real file system, with failures switched on and off by the test. */
class FaultyDisk implements FileSystem {
  /** Writes put half their bytes down, then fail with this code. */
  failWrites: string | undefined;
  failSyncs: string | undefined;
  failOpens: string | undefined;
  failTruncates = 0;

  async open(path: string, flags: 'r' | 'r+' | 'w+'): Promise<StoreFile> {
    if (this.failOpens !== undefined) throw fault(this.failOpens);
    const file = await nodeFileSystem.open(path, flags);
    return {
      read: (buffer, offset, length, position) => file.read(buffer, offset, length, position),
      write: async (buffer, offset, length, position) => {
        if (this.failWrites === undefined) return file.write(buffer, offset, length, position);
        await file.write(buffer, offset, Math.ceil(length / 2), position);
        throw fault(this.failWrites);
      },
      datasync: async () => {
        if (this.failSyncs !== undefined) throw fault(this.failSyncs);
        await file.datasync();
      },
      truncate: async (length) => {
        if (this.failTruncates > 0) {
          this.failTruncates -= 1;
          throw fault('EIO');
        }
        await file.truncate(length);
      },
      stat: () => file.stat(),
      close: () => file.close(),
    };
  }
  readdir = nodeFileSystem.readdir;
  mkdir = nodeFileSystem.mkdir;
  syncDirectory = nodeFileSystem.syncDirectory;
}

function fault(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated failure`), { code });
}

function unavailable(outcome: Awaited<ReturnType<EmbeddedEventStore['append']>>): AppendError & { _tag: 'StoreUnavailable' } {
  if (!isLeft(outcome) || outcome.left._tag !== 'StoreUnavailable') throw new Error(`expected StoreUnavailable, got ${JSON.stringify(outcome)}`);
  return outcome.left;
}

/** Opens a store on a faulty disk holding three events, runs the test, then checks the files hold only whole records. */
async function onFaultyDisk(test: (store: EmbeddedEventStore, disk: FaultyDisk, dir: string) => Promise<void>, segmentBytes?: number) {
  await withDataDir(async (dir) => {
    const disk = new FaultyDisk();
    const store = await EmbeddedEventStore.open(dir, { fileSystem: disk, segmentBytes });
    for (let i = 0; i < 3; i++) await appended(store.append('vpc', [portCreated({ i })], 'any'));
    await test(store, disk, dir);
    await store.close();

    const reopened = await EmbeddedEventStore.open(dir);
    const events = await readAllOf(reopened);
    expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
    await reopened.close();
    const segment = await readFile(join(dir, 'segment-000001.log'));
    expect(recordOffsets(segment).end).toBe(segment.length);
  });
}

describe('disk failures', () => {
  it('answers StoreUnavailable on ENOSPC, truncates the half-written batch, and recovers', () =>
    onFaultyDisk(async (store, disk, dir) => {
      const size = (await readFile(join(dir, 'segment-000001.log'))).length;
      disk.failWrites = 'ENOSPC';
      const outcomes = await Promise.all([
        store.append('vpc', [portCreated({ lost: 1 })], 2),
        store.append('vpc-other', [portCreated({ lost: 2 })], 'no_stream'),
      ]);
      for (const outcome of outcomes) expect(unavailable(outcome).reason).toMatch(/ENOSPC/);
      expect((await readFile(join(dir, 'segment-000001.log'))).length).toBe(size);
      expect(await readAllOf(store)).toHaveLength(3);
      expect(await store.headPosition()).toBe(3);

      disk.failWrites = undefined;
      const next = await appended(store.append('vpc', [portCreated({ i: 3 })], 2));
      expect(next).toEqual({ revision: 3, firstPosition: 4, lastPosition: 4 });
      expect((await readAllOf(store)).map((e) => e.data)).toEqual([0, 1, 2, 3].map((i) => ({ i })));
    }));

  it('answers StoreUnavailable when fdatasync fails with EIO, and drops the unsynced record', () =>
    onFaultyDisk(async (store, disk) => {
      disk.failSyncs = 'EIO';
      expect(unavailable(await store.append('vpc', [portCreated()], 'any')).reason).toMatch(/EIO/);
      disk.failSyncs = undefined;
      expect(await appended(store.append('vpc', [portCreated()], 2))).toEqual({ revision: 3, firstPosition: 4, lastPosition: 4 });
    }));

  it('cuts a failed write off before the next one even when the first truncation failed', () =>
    onFaultyDisk(async (store, disk) => {
      disk.failWrites = 'EIO';
      disk.failTruncates = 2;
      expect(unavailable(await store.append('vpc', [portCreated()], 'any')).reason).toMatch(/EIO/);
      disk.failWrites = undefined;
      // The truncation still fails once more, so this append must not write after the garbage.
      expect(unavailable(await store.append('vpc', [portCreated()], 'any')).reason).toMatch(/EIO/);
      expect(await appended(store.append('vpc', [portCreated()], 2))).toEqual({ revision: 3, firstPosition: 4, lastPosition: 4 });
    }));

  it('answers StoreUnavailable when a new segment cannot be created, and rolls later', () =>
    onFaultyDisk(async (store, disk) => {
      disk.failOpens = 'ENOSPC';
      expect(unavailable(await store.append('vpc', [portCreated({ big: 'x'.repeat(600) })], 'any')).reason).toMatch(/ENOSPC/);
      disk.failOpens = undefined;
      expect((await appended(store.append('vpc', [portCreated({ big: 'x'.repeat(600) })], 'any'))).firstPosition).toBe(4);
      expect(await readAllOf(store)).toHaveLength(4);
    }, 1024));
});
