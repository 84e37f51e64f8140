import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { logStamp, type LogStamp } from '../../domain/log/log-stamp.js';
import { WORLD_VERSION } from '../../history/world-codec.js';

const MAGIC = 'netledger-checkpoint ';
/**
 * 1: world, goal states, host streams (digest state, kept diffs, port arrivals), audit index head, idempotency keys.
 * 2: kept diffs as the JSON of their ops, without the host's framing.
 * 3: each bound port's neighbor entry once, not in every host's tables.
 * 4: the payload in pieces (history/sliced-serialization.ts), serialized over many turns of the event loop.
 */
const FORMAT = 4;

/** The first line of a checkpoint file: what the payload after it is, and how to know it is whole. */
const Header = t.type({
  format: t.literal(FORMAT),
  /** The world's own layout (history/world-codec.ts): a change of it makes older checkpoints unreadable. */
  world: t.literal(WORLD_VERSION),
  /** V8's serialization belongs to the Node that wrote it. */
  node: t.string,
  position: t.number,
  /** Where it stands in which log: a checkpoint is taken up only on that log, holding that event at `position`. */
  log: logStamp,
  bytes: t.number,
  sha256: t.string,
});
export type CheckpointHeader = t.TypeOf<typeof Header>;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The first line's room in the file: the payload is written after it as it is serialized, and the
 * line (padded with spaces, which JSON allows) once the payload's length and checksum are known.
 */
const HEADER_BYTES = 1024;

/**
 * A checkpoint file written as its payload comes, part by part: each part goes to the file and
 * into the checksum and is let go, so the state's bytes are never all in memory at once (a few
 * hundred MiB held, and let go at once, are what set off the longest garbage collections).
 */
export const checkpointWriter = async (path: string) => {
  const file = await open(path, 'w');
  const hash = createHash('sha256');
  let bytes = 0;
  return {
    append: async (part: Uint8Array): Promise<void> => {
      hash.update(part);
      await file.write(part, 0, part.length, HEADER_BYTES + bytes);
      bytes += part.length;
    },
    /** Writes the first line, syncs and closes the file: the rename that makes it count comes after. */
    finish: async (log: LogStamp): Promise<void> => {
      const header: CheckpointHeader = { format: FORMAT, world: WORLD_VERSION, node: process.version, position: log.position, log, bytes, sha256: hash.digest('hex') };
      const line = `${MAGIC}${JSON.stringify(header)}`;
      if (Buffer.byteLength(line) >= HEADER_BYTES) throw new Error(`a checkpoint header of ${Buffer.byteLength(line)} bytes does not fit its ${HEADER_BYTES}`);
      await file.write(Buffer.from(`${line.padEnd(HEADER_BYTES - 1)}\n`), 0, HEADER_BYTES, 0);
      await file.sync();
      await file.close();
    },
    /** Closes the file of a checkpoint given up. */
    abandon: () => file.close(),
  };
};

/** fsync of a file or a folder already written (a folder: so the names in it survive a crash). */
export const syncPath = async (path: string): Promise<void> => {
  const file = await open(path, 'r');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
};

/** A checkpoint file's header and payload, or why it cannot be used: another format or Node, cut short, or not the bytes it was written with. */
export const readCheckpoint = (path: string): E.Either<string, { header: CheckpointHeader; payload: Buffer }> => {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return E.left(`cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const end = bytes.indexOf(0x0a);
  if (end < 0 || bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) return E.left('is not a netledger checkpoint');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.subarray(MAGIC.length, end).toString('utf8'));
  } catch {
    return E.left('has a header that is not JSON');
  }
  const header = Header.decode(parsed);
  if (E.isLeft(header)) return E.left(`is not of format ${FORMAT} with world layout ${WORLD_VERSION}`);
  if (header.right.node !== process.version) return E.left(`was written by Node ${header.right.node}, not ${process.version}`);
  const payload = bytes.subarray(end + 1);
  if (payload.length !== header.right.bytes) return E.left(`holds ${payload.length} bytes of the ${header.right.bytes} its header says`);
  if (sha256(payload) !== header.right.sha256) return E.left('does not match its checksum');
  return E.right({ header: header.right, payload });
};
