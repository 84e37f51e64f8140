import type { StoredEvent } from '../../../domain/log/event-store.js';

/**
 * The latest durable events, kept in memory so live subscribers get them in the tick the
 * append becomes durable; a subscriber that falls further behind reads from the files.
 */
export class RecentEvents {
  private events: StoredEvent[] = [];
  /** Position of `events[0]`; positions in the embedded log are dense. */
  private first: number;

  constructor(
    private readonly capacity: number,
    head: number,
  ) {
    this.first = head + 1;
  }

  push(events: readonly StoredEvent[]): void {
    for (const event of events) this.events.push(event);
    // Trimming in halves keeps pushes amortised O(1).
    if (this.events.length > 2 * this.capacity) {
      const dropped = this.events.length - this.capacity;
      this.events = this.events.slice(dropped);
      this.first += dropped;
    }
  }

  at(position: number): StoredEvent | undefined {
    return position >= this.first ? this.events[position - this.first] : undefined;
  }
}
