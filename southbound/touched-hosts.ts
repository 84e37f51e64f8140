import type { HostStreams } from './host-streams.js';

/** Diffs remembered for writes that wait: enough for a write's moment to have passed, bounded. */
const KEPT = 1 << 16;

/**
 * Which hosts each log position changed, and up to which seq: what a write waits for when it asks
 * to be answered once applied. Diffs arrive in position order, so a range is found by bisection.
 */
export class TouchedHosts {
  private readonly positions: number[] = [];
  private readonly hosts: string[] = [];
  private readonly seqs: number[] = [];
  readonly close: () => void;

  constructor(streams: HostStreams) {
    this.close = streams.recordEach({
      record: (hostId, diff) => {
        this.positions.push(diff.position);
        this.hosts.push(hostId);
        this.seqs.push(diff.seq);
        if (this.positions.length > KEPT * 2) {
          this.positions.splice(0, KEPT);
          this.hosts.splice(0, KEPT);
          this.seqs.splice(0, KEPT);
        }
      },
    });
  }

  /** Every host a diff of positions `first..last` went to, with the last such seq of each. */
  within(ranges: readonly { readonly first: number; readonly last: number }[]): Map<string, number> {
    const touched = new Map<string, number>();
    for (const { first, last } of ranges)
      for (let i = this.firstAtOrAfter(first); i < this.positions.length && this.positions[i] <= last; i++)
        touched.set(this.hosts[i], Math.max(touched.get(this.hosts[i]) ?? 0, this.seqs[i]));
    return touched;
  }

  private firstAtOrAfter(position: number): number {
    let low = 0;
    let high = this.positions.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.positions[mid] < position) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
