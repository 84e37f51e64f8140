import type { RecordLocation } from './segmented-log.js';

/**
 * Where each record (one append) lies and which global positions it holds, in log order.
 * Typed arrays keep it at about 28 bytes per record, so a million appends cost ~28 MB.
 */
export class RecordIndex {
  private segments = new Uint32Array(1024);
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private firstPositions = new Float64Array(1024);
  private counts = new Uint32Array(1024);
  size = 0;

  /** Adds the next record; returns its id. */
  add(location: RecordLocation, firstPosition: number, count: number): number {
    if (this.size === this.segments.length) this.grow();
    const id = this.size++;
    this.segments[id] = location.segment;
    this.offsets[id] = location.offset;
    this.lengths[id] = location.length;
    this.firstPositions[id] = firstPosition;
    this.counts[id] = count;
    return id;
  }

  location(id: number): RecordLocation {
    return { segment: this.segments[id], offset: this.offsets[id], length: this.lengths[id] };
  }

  /** The id of the record holding `position` (or the first one after it), `size` if none. */
  find(position: number): number {
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (this.firstPositions[middle] + this.counts[middle] <= position) low = middle + 1;
      else high = middle - 1;
    }
    return low;
  }

  /** The last id after `first` whose record follows its predecessor directly in the same segment, within `maxBytes` in all. */
  contiguousRun(first: number, maxBytes: number): number {
    let last = first;
    let bytes = this.lengths[first];
    while (
      last + 1 < this.size &&
      this.segments[last + 1] === this.segments[first] &&
      bytes + this.lengths[last + 1] <= maxBytes
    ) {
      last += 1;
      bytes += this.lengths[last];
    }
    return last;
  }

  private grow(): void {
    const capacity = this.segments.length * 2;
    this.segments = grown(this.segments, new Uint32Array(capacity));
    this.offsets = grown(this.offsets, new Float64Array(capacity));
    this.lengths = grown(this.lengths, new Uint32Array(capacity));
    this.firstPositions = grown(this.firstPositions, new Float64Array(capacity));
    this.counts = grown(this.counts, new Uint32Array(capacity));
  }
}

function grown<T extends Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
