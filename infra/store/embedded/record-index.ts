import { Column, countWhile } from '../../../domain/common/column.js';
import type { RecordLocation } from './segmented-log.js';

/** Records from one checkpoint to the next: a read parses at most this many it does not want. */
const CHECKPOINT_EVERY = 64;

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
  /** segment number -> bytes of it that hold durable records */
  private readonly ends = new Map<number, number>();
  private count = 0;

  /** Adds the next durable record. */
  add(location: RecordLocation, firstPosition: number): void {
    if (this.count++ % CHECKPOINT_EVERY === 0) {
      this.segments.push(location.segment);
      this.offsets.push(location.offset);
      this.firstPositions.push(firstPosition);
    }
    this.ends.set(location.segment, location.offset + location.length);
  }

  /** Where a record at or before `position` starts; undefined while the log is empty. */
  from(position: number): { readonly segment: number; readonly offset: number } | undefined {
    if (this.firstPositions.length === 0) return undefined;
    const checkpoint = Math.max(0, countWhile(this.firstPositions, (first) => first <= position) - 1);
    return { segment: this.segments.at(checkpoint), offset: this.offsets.at(checkpoint) };
  }

  /** Bytes of a segment that hold durable records; undefined for a segment that holds none yet. */
  end(segment: number): number | undefined {
    return this.ends.get(segment);
  }
}
