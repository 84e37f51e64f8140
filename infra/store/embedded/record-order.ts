import type { StoredEvent } from '../../../domain/log/event-store.js';
import { StreamIndex } from './stream-index.js';

/**
 * The order a log's records follow: positions dense from 1 over the log, each stream's revisions
 * dense from 0. One record is one append; it may write several streams, each densely from its
 * last revision.
 */
export class RecordOrder {
  /** `streams` and `head`: the order as far as a saved index knew it (empty: from the log's start). */
  constructor(
    readonly streams = new StreamIndex(),
    /** Position of the last event accepted (0 before any). */
    public head = 0,
  ) {}

  /**
   * Why the events of a record cannot come next, or undefined when they can. With `gapsAllowed`
   * (past damage, whose events are unknown) only a step back is a problem, not a skip forward.
   */
  problem(events: readonly StoredEvent[], gapsAllowed = false): string | undefined {
    const out = (actual: number, due: number) => (gapsAllowed ? actual < due : actual !== due);
    const revisions = new Map<string, number>();
    let position = this.head;
    for (const event of events) {
      if (out(event.position, position + 1)) return `position ${event.position} where ${position + 1} was due`;
      const due = (revisions.get(event.stream) ?? this.streams.lastRevision(event.stream)) + 1;
      if (out(event.revision, due)) return `${event.stream}@${event.revision} where ${event.stream}@${due} was due`;
      revisions.set(event.stream, event.revision);
      position = event.position;
    }
    return undefined;
  }

  /** Takes the record's events as the last ones, whether or not they followed. */
  accept(events: readonly StoredEvent[]): void {
    for (const event of events) this.streams.add(event.stream, event.position, event.revision);
    this.head = events[events.length - 1].position;
  }
}
