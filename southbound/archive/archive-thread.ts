import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { netChangeOfRecords } from './archive-net-change.js';
import { foldRecords, snapshotOfRecords } from './archive-records.js';
import { deflatedFrame, framesOf } from './frames.js';
import type { CodecAnswer, CodecRequest, PlacedBytes } from './archive-codec.js';
import type { FileSpan } from './host-stream-files.js';

const bytesOf = ({ path, from, to }: FileSpan): Buffer => {
  if (to <= from) return Buffer.alloc(0);
  const bytes = Buffer.allocUnsafe(to - from);
  const file = openSync(path, 'r');
  try {
    return bytes.subarray(0, readSync(file, bytes, 0, bytes.length, from));
  } finally {
    closeSync(file);
  }
};

/** The bytes in memory of their own, exactly as long: their whole memory is handed over, and counts in the server's heap until collected. */
const inOwnMemory = (bytes: Buffer): Buffer => {
  if (bytes.byteOffset === 0 && bytes.length === bytes.buffer.byteLength) return bytes;
  const own = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(own);
  return own;
};

/** Bytes placed for the server: at the start of the memory it gave if they fit (or are there already), else handed over in memory of their own. */
const placed = (bytes: Buffer, memory: SharedArrayBuffer): PlacedBytes => {
  if (bytes.buffer !== memory) {
    if (bytes.length > memory.byteLength) return { utf8: inOwnMemory(bytes), length: bytes.length };
    bytes.copy(Buffer.from(memory));
  }
  return { length: bytes.length };
};

/**
 * The archive codec's thread: zlib's one-shot calls are the fast ones for small frames (the
 * streaming ones cost a context per call), and they block, so they block this thread, not the
 * server's; a goal state as of a moment is read, folded and checksummed here too, in a heap of its
 * own, so a read of a big host costs the server no more memory than the answer it sends.
 */
const answer = (request: CodecRequest): Omit<CodecAnswer, 'id'> => {
  if ('texts' in request) return { frames: request.texts.map(deflatedFrame) };
  if ('snapshotOf' in request) {
    const { span, hostId, position, seq } = request.snapshotOf;
    const record = snapshotOfRecords(hostId, framesOf(bytesOf(span)), position, seq);
    return { frames: [deflatedFrame(record)], snapshotBytes: record.length };
  }
  if ('change' in request) {
    const { hostId, before, from, after, to } = request.change;
    return { change: placed(netChangeOfRecords(hostId, framesOf(bytesOf(before)), from, framesOf(bytesOf(after)), to), request.memory) };
  }
  const { utf8, checksum, entriesPerKind } = foldRecords(request.hostId, framesOf(bytesOf(request.span)), request.position, Buffer.from(request.memory));
  return { goalState: { ...placed(utf8, request.memory), checksum, entriesPerKind } };
};

parentPort!.on('message', (request: CodecRequest) => {
  try {
    const reply: CodecAnswer = { id: request.id, ...answer(request) };
    const handedOver = reply.frames ?? [reply.goalState?.utf8 ?? reply.change?.utf8].filter((bytes) => bytes !== undefined);
    parentPort!.postMessage(reply, handedOver.map((bytes) => bytes.buffer as ArrayBuffer));
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: String(error) } satisfies CodecAnswer);
  }
});
