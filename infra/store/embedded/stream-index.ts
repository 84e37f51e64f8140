interface StreamEntry {
  lastRevision: number;
  readonly firstPosition: number;
}

/**
 * Per stream: its last revision (for optimistic concurrency) and the position of its first event,
 * where a read of the stream starts. It grows with the streams (networks, routers, hosts, projects),
 * not with their events.
 */
export class StreamIndex {
  private readonly streams = new Map<string, StreamEntry>();

  /** Takes an index back as `saved()` gave it: [stream, last revision, first position] in the order the streams began. */
  static restored(saved: readonly (readonly [string, number, number])[]): StreamIndex {
    const index = new StreamIndex();
    for (const [stream, lastRevision, firstPosition] of saved) index.streams.set(stream, { lastRevision, firstPosition });
    return index;
  }

  /** The stream's last revision, or -1 when it does not exist. */
  lastRevision(stream: string): number {
    return this.streams.get(stream)?.lastRevision ?? -1;
  }

  /** The position of the stream's first event, or undefined when it does not exist. */
  firstPosition(stream: string): number | undefined {
    return this.streams.get(stream)?.firstPosition;
  }

  /** Records that the stream's event `revision` is at `position`. */
  add(stream: string, position: number, revision: number): void {
    let entry = this.streams.get(stream);
    if (entry === undefined) {
      entry = { lastRevision: -1, firstPosition: position };
      this.streams.set(stream, entry);
    }
    entry.lastRevision = revision;
  }

  saved(): [string, number, number][] {
    return Array.from(this.streams, ([stream, entry]) => [stream, entry.lastRevision, entry.firstPosition]);
  }
}
