import { Column, countWhile } from '../../../domain/common/column.js';
import type { RecordLocation } from './segmented-log.js';

/** Records from one checkpoint to the next: a read parses at most this many it does not want. */
const CHECKPOINT_EVERY = 64;

/** A segment's durable records as far as they go: its end, and the last record there, by which a saved index knows the segment again. */
export interface SegmentEnd {
  readonly segment: number;
  /** Bytes of the segment that hold durable records. */
  readonly end: number;
  readonly lastStart: number;
  /** The CRC32 in the last record's header. */
  readonly lastCrc: number;
  /** The position of the last record's last event. */
  readonly lastPosition: number;
}

/** A RecordIndex as plain data, for the store's index file. */
export interface SavedRecordIndex {
  readonly count: number;
  readonly segments: readonly number[];
  readonly offsets: readonly number[];
  readonly firstPositions: readonly number[];
  readonly ends: readonly SegmentEnd[];
}

/**
 * Where the records lie, sparsely: the location and first position of every 64th record, and how
 * many bytes of each segment hold durable records. Records follow one another in a segment and a
 * segment goes on in the next, so a read starts at the checkpoint at or before the position it
 * wants and parses frames forward. That is about a third of a byte per record, where a location
 * per record (28 bytes) made the store's memory grow with the length of the log.
 */
export class RecordIndex {
  private readonly segments = new Column((n) => new Int32Array(n));
  private readonly offsets = new Column((n) => new Float64Array(n));
  private readonly firstPositions = new Column((n) => new Float64Array(n));
  /** segment number -> its durable end and last record */
  private readonly ends = new Map<number, SegmentEnd>();
  private count = 0;

  /** Takes an index back as `saved()` gave it. */
  static restored(saved: SavedRecordIndex): RecordIndex {
    const index = new RecordIndex();
    saved.segments.forEach((segment, i) => {
      index.segments.push(segment);
      index.offsets.push(saved.offsets[i]);
      index.firstPositions.push(saved.firstPositions[i]);
    });
    for (const end of saved.ends) index.ends.set(end.segment, end);
    index.count = saved.count;
    return index;
  }

  /** Adds the next durable record; `crc` is its header's checksum. */
  add(location: RecordLocation, firstPosition: number, lastPosition: number, crc: number): void {
    if (this.count++ % CHECKPOINT_EVERY === 0) {
      this.segments.push(location.segment);
      this.offsets.push(location.offset);
      this.firstPositions.push(firstPosition);
    }
    const { segment, offset } = location;
    this.ends.set(segment, { segment, end: offset + location.length, lastStart: offset, lastCrc: crc, lastPosition });
  }

  /** Where a record at or before `position` starts; undefined while the log is empty. */
  from(position: number): { readonly segment: number; readonly offset: number } | undefined {
    if (this.firstPositions.length === 0) return undefined;
    const checkpoint = Math.max(0, countWhile(this.firstPositions, (first) => first <= position) - 1);
    return { segment: this.segments.at(checkpoint), offset: this.offsets.at(checkpoint) };
  }

  /** Bytes of a segment that hold durable records; undefined for a segment that holds none yet. */
  end(segment: number): number | undefined {
    return this.ends.get(segment)?.end;
  }

  saved(): SavedRecordIndex {
    const column = (values: Column<Int32Array | Float64Array>) => Array.from({ length: values.length }, (_, i) => values.at(i));
    return {
      count: this.count,
      segments: column(this.segments),
      offsets: column(this.offsets),
      firstPositions: column(this.firstPositions),
      ends: [...this.ends.values()],
    };
  }
}
