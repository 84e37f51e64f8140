import { mkdir, open, readFile, rename, truncate, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DataDirLock } from './data-dir-lock.js';
import { nodeFileSystem } from './file-system.js';
import { checkLog, type LogDamage } from './log-check.js';
import { removeIndex } from './saved-index.js';
import { segmentName, segmentNumbers } from './segmented-log.js';

export interface Quarantine {
  /** The first damage found, where the cut was made. */
  readonly damage: LogDamage;
  /** Positions taken out of the log: from the damage's on (`to` is the highest a sound record after it held, if any). */
  readonly positions: { readonly from: number; readonly to?: number };
  /** The files the removed bytes were moved to. */
  readonly files: readonly string[];
}

export const QUARANTINE_DIR = 'quarantine';

/**
 * Cuts the log at its first damage so that it opens again: the damaged record and every record
 * after it, in its segment and in the later ones, go to `quarantine/` in the data dir, byte for
 * byte. Not just the damaged record, though the framing would allow resyncing after it: the
 * records after it were decided against a world holding the events it lost, and their positions
 * and revisions no longer follow, so the log that opens is the prefix before the damage. Holds the
 * data dir's lock (no server may run on it); the bytes are durable in quarantine before the log
 * is cut, so a crash midway leaves them in one place or both, never in neither.
 */
export async function quarantineDamage(dir: string): Promise<Quarantine | undefined> {
  const lock = await DataDirLock.acquire(dir);
  try {
    const check = await checkLog(dir);
    const damage = check.damage[0];
    if (!damage) return undefined;
    const quarantine = join(dir, QUARANTINE_DIR);
    await mkdir(quarantine, { recursive: true });
    const kept = (name: string, offset: number) => join(quarantine, `${name}.from-${offset}`);
    const files: string[] = [];
    const damaged = join(dir, segmentName(damage.segment));
    const bytes = await readFile(damaged).catch(() => undefined); // a missing segment has none
    if (bytes && damage.offset < bytes.length) {
      const file = kept(basename(damaged), damage.offset);
      await writeDurably(file, bytes.subarray(damage.offset));
      files.push(file);
    }
    const later = segmentNumbers(await nodeFileSystem.readdir(dir)).filter((segment) => segment > damage.segment);
    for (const segment of later.reverse()) {
      const file = kept(segmentName(segment), 0);
      await rename(join(dir, segmentName(segment)), file);
      files.push(file);
    }
    await nodeFileSystem.syncDirectory(quarantine);
    // The saved index names records about to go: the next open rebuilds it from what is left.
    await removeIndex(dir, nodeFileSystem);
    if (bytes) {
      await truncate(damaged, damage.offset);
      await syncFile(damaged);
    }
    await nodeFileSystem.syncDirectory(dir);
    return { damage, positions: { from: damage.position, to: check.head >= damage.position ? check.head : undefined }, files: files.sort() };
  } finally {
    await lock.release();
  }
}

async function writeDurably(path: string, bytes: Buffer): Promise<void> {
  // `wx`: an earlier quarantine of the same bytes is never overwritten.
  await writeFile(path, bytes, { flag: 'wx' });
  await syncFile(path);
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
