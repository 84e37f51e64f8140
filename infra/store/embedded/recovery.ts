import { join } from 'node:path';
import type { StoredEvent } from '../../../domain/log/event-store.js';
import { CorruptLogError } from './corrupt-log-error.js';
import { readFully, type FileSystem, type StoreFile } from './file-system.js';
import { nextValidRecord, readFrame } from './framing.js';
import { RecordOrder } from './record-order.js';
import { RecordIndex, type SegmentEnd } from './record-index.js';
import type { SavedIndex } from './saved-index.js';
import { SegmentedLog, segmentName, segmentNumbers } from './segmented-log.js';
import { StreamIndex } from './stream-index.js';

interface RecoveredLog {
  readonly log: SegmentedLog;
  readonly records: RecordIndex;
  readonly streams: StreamIndex;
  /** Position of the last complete record's last event (0 for an empty log). */
  readonly head: number;
  /** Why the saved index given was not taken up (the segments were scanned whole instead). */
  readonly passedOver?: string;
  /** The segment ends the saved index covered when it was taken up: records the open did not read. */
  readonly covered?: readonly SegmentEnd[];
}

/** Where the scan goes on from a saved index: its indexes, and the segment (its place among the files) and offset its records end at. */
interface Resumption {
  readonly records: RecordIndex;
  readonly order: RecordOrder;
  readonly at: number;
  readonly offset: number;
}

/**
 * Scans every segment, verifying each record's checksum and that positions and revisions run
 * on densely, and rebuilds the indexes. Damage that nothing valid follows is a torn tail, the
 * remains of an append that was never acknowledged: it is truncated away (or, read-only, left
 * alone and not read). A torn tail is an incomplete last record only; damage in a complete
 * record, or followed by valid records, is corruption: refusing to open is the only way not to
 * lose acknowledged events (`netledger log verify` and `log repair --quarantine` deal with it).
 *
 * With a `saved` index (saved-index.ts) whose segments end where it says, in the records it
 * names, only the bytes after it are scanned, the same way: the records it covers were checked
 * when they were indexed, and are checked again after the open (covered-check.ts), not by it. An
 * index that does not fit the segments is passed over (`passedOver`).
 */
export async function recoverLog(dir: string, fileSystem: FileSystem, segmentBytes: number, readOnly = false, saved?: SavedIndex): Promise<RecoveredLog> {
  if (!readOnly) await fileSystem.mkdir(dir);
  const numbers = segmentNumbers(await fileSystem.readdir(dir));
  const files = new Map<number, StoreFile>();
  try {
    if (numbers.length === 0 && readOnly) return { log: new SegmentedLog(dir, fileSystem, segmentBytes, files, 1, 0), records: new RecordIndex(), streams: new StreamIndex(), head: 0 };
    if (numbers.length === 0) {
      files.set(1, await fileSystem.open(join(dir, segmentName(1)), 'w+'));
      await fileSystem.syncDirectory(dir);
      const log = new SegmentedLog(dir, fileSystem, segmentBytes, files, 1, 0);
      return { log, records: new RecordIndex(), streams: new StreamIndex(), head: 0 };
    }
    const sizes: number[] = [];
    for (const [i, segment] of numbers.entries()) {
      if (i > 0 && segment !== numbers[i - 1] + 1) {
        throw new CorruptLogError(join(dir, segmentName(numbers[i - 1] + 1)), 0, 'segment file is missing');
      }
      const file = await fileSystem.open(join(dir, segmentName(segment)), readOnly ? 'r' : 'r+');
      files.set(segment, file);
      sizes.push((await file.stat()).size);
    }
    const resumed = saved === undefined ? undefined : await resumption(saved, numbers, files, sizes);
    const from = resumed === undefined || typeof resumed === 'string' ? undefined : resumed;
    const scan = new Scan(dir, readOnly, from?.records, from?.order);
    let lastEnd = 0;
    for (const [i, segment] of numbers.entries()) {
      if (from && i < from.at) continue;
      const file = files.get(segment)!;
      const laterDataExists = sizes.slice(i + 1).some((size) => size > 0);
      lastEnd = await scan.segment(segment, file, sizes[i], laterDataExists, from && i === from.at ? from.offset : 0);
    }
    const current = numbers[numbers.length - 1];
    const log = new SegmentedLog(dir, fileSystem, segmentBytes, files, current, lastEnd);
    const passedOver = typeof resumed === 'string' ? resumed : undefined;
    return { log, records: scan.records, streams: scan.order.streams, head: scan.order.head, passedOver, covered: from && saved?.records.ends };
  } catch (error) {
    for (const file of files.values()) await file.close();
    throw error;
  }
}

/**
 * The saved index's way back into the segments, or why it has none: each segment it covers must
 * be there, end where it says (the last one it covers may have grown since) with the very record
 * it names last (offset, length, checksum, last position), and the segments must be the same ones
 * in the same order.
 */
async function resumption(saved: SavedIndex, numbers: readonly number[], files: ReadonlyMap<number, StoreFile>, sizes: readonly number[]): Promise<Resumption | string> {
  const ends = saved.records.ends;
  if (ends.length === 0) return 'covers no record';
  if (ends.some((end, i) => end.segment !== numbers[i])) return `covers segments ${ends.map((end) => end.segment).join(', ')}, not the first ones there`;
  for (const [i, end] of ends.entries()) {
    const last = i === ends.length - 1;
    if (sizes[i] < end.end || (!last && sizes[i] !== end.end)) return `says segment ${end.segment} ends at ${end.end}, and it holds ${sizes[i]} bytes`;
    const bytes = await readFully(files.get(end.segment)!, end.end - end.lastStart, end.lastStart);
    if (!namesRecord(bytes, end.lastCrc, end.lastPosition)) return `names a last record of segment ${end.segment} at ${end.lastStart} that is not there`;
  }
  if (ends[ends.length - 1].lastPosition !== saved.head) return `ends at position ${ends[ends.length - 1].lastPosition}, not its head ${saved.head}`;
  return {
    records: RecordIndex.restored(saved.records),
    order: new RecordOrder(StreamIndex.restored(saved.streams), saved.head),
    at: ends.length - 1,
    offset: ends[ends.length - 1].end,
  };
}

/** Whether `bytes` are exactly one sound record with that checksum whose last event is at `lastPosition`. */
function namesRecord(bytes: Buffer, crc: number, lastPosition: number): boolean {
  try {
    const frame = readFrame(bytes, 0);
    return frame.ok && frame.end === bytes.length && bytes.readUInt32LE(4) === crc && frame.events[frame.events.length - 1].position === lastPosition;
  } catch {
    return false; // whole but undecodable: not the record the index saw
  }
}

class Scan {
  constructor(
    private readonly dir: string,
    private readonly readOnly: boolean,
    readonly records = new RecordIndex(),
    readonly order = new RecordOrder(),
  ) {}

  /** Indexes one segment's records from `from` on; returns the length of its valid prefix. */
  async segment(segment: number, file: StoreFile, size: number, laterDataExists: boolean, from = 0): Promise<number> {
    const path = join(this.dir, segmentName(segment));
    const buffer = size === from ? Buffer.alloc(0) : await readFully(file, size - from, from);
    let at = 0;
    while (at < buffer.length) {
      const frame = readFrame(buffer, at);
      if (!frame.ok) {
        if (laterDataExists || nextValidRecord(buffer, at + 1) !== undefined) {
          throw new CorruptLogError(path, from + at, `${frame.reason}, and valid records follow it (not a torn tail)`);
        }
        // Only a record cut short is a torn tail: one written whole whose bytes are damaged may
        // hold an acknowledged append, so it is refused like damage in the middle.
        if (frame.complete) throw new CorruptLogError(path, from + at, `${frame.reason} in the last record, which is complete (not a torn tail)`);
        if (this.readOnly) return from + at;
        await file.truncate(from + at);
        await file.datasync();
        return from + at;
      }
      this.index(path, segment, from + at, frame.end - at, frame.events, buffer.readUInt32LE(at + 4));
      at = frame.end;
    }
    return size;
  }

  private index(path: string, segment: number, offset: number, length: number, events: StoredEvent[], crc: number): void {
    const problem = this.order.problem(events);
    if (problem) throw new CorruptLogError(path, offset, problem);
    this.order.accept(events);
    this.records.add({ segment, offset, length }, events[0].position, events[events.length - 1].position, crc);
  }
}
