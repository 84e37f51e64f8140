interface StreamRecords {
  lastRevision: number;
  /** Ids of the records holding this stream's events, in revision order. */
  readonly records: number[];
  readonly firstRevisions: number[];
}

/** Per stream: its last revision (for optimistic concurrency) and which records hold its events. */
export class StreamIndex {
  private readonly streams = new Map<string, StreamRecords>();

  /** The stream's last revision, or -1 when it does not exist. */
  lastRevision(stream: string): number {
    return this.streams.get(stream)?.lastRevision ?? -1;
  }

  add(stream: string, recordId: number, firstRevision: number, count: number): void {
    let entry = this.streams.get(stream);
    if (entry === undefined) {
      entry = { lastRevision: -1, records: [], firstRevisions: [] };
      this.streams.set(stream, entry);
    }
    entry.records.push(recordId);
    entry.firstRevisions.push(firstRevision);
    entry.lastRevision = firstRevision + count - 1;
  }

  /** Record ids holding the stream's events from `fromRevision` on; sees records added while iterating. */
  *recordsFrom(stream: string, fromRevision: number): Generator<number> {
    const entry = this.streams.get(stream);
    if (entry === undefined) return;
    let low = 0;
    let high = entry.firstRevisions.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (entry.firstRevisions[middle] <= fromRevision) low = middle + 1;
      else high = middle - 1;
    }
    for (let i = Math.max(0, high); i < entry.records.length; i++) yield entry.records[i];
  }
}
