import { join } from 'node:path';
import type { StoredEvent } from '../../../domain/log/event-store.js';
import { CorruptLogError } from './corrupt-log-error.js';
import { readFully, type FileSystem, type StoreFile } from './file-system.js';
import { nextValidRecord, readFrame } from './framing.js';
import { RecordOrder } from './record-order.js';
import { RecordIndex } from './record-index.js';
import { SegmentedLog, segmentName, segmentNumbers } from './segmented-log.js';
import { StreamIndex } from './stream-index.js';

interface RecoveredLog {
  readonly log: SegmentedLog;
  readonly records: RecordIndex;
  readonly streams: StreamIndex;
  /** Position of the last complete record's last event (0 for an empty log). */
  readonly head: number;
}

/**
 * Scans every segment, verifying each record's checksum and that positions and revisions run
 * on densely, and rebuilds the indexes. Damage that nothing valid follows is a torn tail, the
 * remains of an append that was never acknowledged: it is truncated away (or, read-only, left
 * alone and not read). A torn tail is an incomplete last record only; damage in a complete
 * record, or followed by valid records, is corruption: refusing to open is the only way not to
 * lose acknowledged events (`netledger log verify` and `log repair --quarantine` deal with it).
 */
export async function recoverLog(dir: string, fileSystem: FileSystem, segmentBytes: number, readOnly = false): Promise<RecoveredLog> {
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
    const scan = new Scan(dir, readOnly);
    let lastEnd = 0;
    for (const [i, segment] of numbers.entries()) {
      const file = files.get(segment)!;
      const laterDataExists = sizes.slice(i + 1).some((size) => size > 0);
      lastEnd = await scan.segment(segment, file, sizes[i], laterDataExists);
    }
    const current = numbers[numbers.length - 1];
    const log = new SegmentedLog(dir, fileSystem, segmentBytes, files, current, lastEnd);
    return { log, records: scan.records, streams: scan.order.streams, head: scan.order.head };
  } catch (error) {
    for (const file of files.values()) await file.close();
    throw error;
  }
}

class Scan {
  readonly records = new RecordIndex();
  readonly order = new RecordOrder();

  constructor(
    private readonly dir: string,
    private readonly readOnly: boolean,
  ) {}

  /** Indexes one segment's records; returns the length of its valid prefix. */
  async segment(segment: number, file: StoreFile, size: number, laterDataExists: boolean): Promise<number> {
    const path = join(this.dir, segmentName(segment));
    const buffer = size === 0 ? Buffer.alloc(0) : await readFully(file, size, 0);
    let offset = 0;
    while (offset < size) {
      const frame = readFrame(buffer, offset, size);
      if (!frame.ok) {
        if (laterDataExists || nextValidRecord(buffer, offset + 1, size) !== undefined) {
          throw new CorruptLogError(path, offset, `${frame.reason}, and valid records follow it (not a torn tail)`);
        }
        // Only a record cut short is a torn tail: one written whole whose bytes are damaged may
        // hold an acknowledged append, so it is refused like damage in the middle.
        if (frame.complete) throw new CorruptLogError(path, offset, `${frame.reason} in the last record, which is complete (not a torn tail)`);
        if (this.readOnly) return offset;
        await file.truncate(offset);
        await file.datasync();
        return offset;
      }
      this.index(path, segment, offset, frame.end - offset, frame.events);
      offset = frame.end;
    }
    return size;
  }

  private index(path: string, segment: number, offset: number, length: number, events: StoredEvent[]): void {
    const problem = this.order.problem(events);
    if (problem) throw new CorruptLogError(path, offset, problem);
    this.order.accept(events);
    this.records.add({ segment, offset, length }, events[0].position);
  }
}
