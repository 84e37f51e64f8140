import { createHash } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { FileSystem } from './file-system.js';

/** The file beside the segments that holds the store's indexes as of some durable position. */
export const INDEX_FILE = 'STORE-INDEX';

const MAGIC = 'netledger-store-index 1 ';

const segmentEnd = t.type({ segment: t.number, end: t.number, lastStart: t.number, lastCrc: t.number, lastPosition: t.number });

const SavedIndex = t.type({
  /** The log it indexes (LOG-ID): an index copied beside another log's segments is not taken up. */
  logId: t.string,
  /** The last position it covers. */
  head: t.number,
  records: t.type({
    count: t.number,
    segments: t.readonlyArray(t.number),
    offsets: t.readonlyArray(t.number),
    firstPositions: t.readonlyArray(t.number),
    ends: t.readonlyArray(segmentEnd),
  }),
  streams: t.readonlyArray(t.tuple([t.string, t.number, t.number])),
});
export type SavedIndex = t.TypeOf<typeof SavedIndex>;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The file's bytes: a first line with the payload's sha256, then the payload (JSON). */
export const encodeIndex = (index: SavedIndex): Buffer => {
  const payload = Buffer.from(JSON.stringify(index));
  return Buffer.concat([Buffer.from(`${MAGIC}${sha256(payload)}\n`), payload]);
};

/**
 * Writes the index file whole: a temporary file synced, then renamed over the old one and the
 * directory synced, so a crash leaves the old index or the new one, never a mix (the checksum
 * would refuse a mix anyway).
 */
export async function writeIndex(dir: string, fileSystem: FileSystem, bytes: Buffer): Promise<void> {
  const path = join(dir, INDEX_FILE);
  const temporary = `${path}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.writeFile(bytes);
    await file.datasync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  await fileSystem.syncDirectory(dir);
}

/** The saved index of the log `logId`, or why there is none to take up; undefined when there is no file. */
export async function readIndex(dir: string, logId: string): Promise<E.Either<string, SavedIndex> | undefined> {
  const bytes = await readFile(join(dir, INDEX_FILE)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (bytes === undefined) return undefined;
  const end = bytes.indexOf(0x0a);
  if (end < 0 || bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) return E.left('is not a store index of this format');
  const payload = bytes.subarray(end + 1);
  if (sha256(payload) !== bytes.subarray(MAGIC.length, end).toString('latin1')) return E.left('does not match its checksum');
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    return E.left('is not JSON');
  }
  const index = SavedIndex.decode(parsed);
  if (E.isLeft(index)) return E.left('is not a store index of this format');
  if (index.right.logId !== logId) return E.left(`indexes log ${index.right.logId}, not this one (${logId})`);
  return E.right(index.right);
}

/** Removes the index file, durably: for whatever rewrites segments other than by appending. */
export async function removeIndex(dir: string, fileSystem: FileSystem): Promise<void> {
  await rm(join(dir, INDEX_FILE), { force: true });
  await fileSystem.syncDirectory(dir);
}
