import type { StoredEvent, SubscribeOptions, Subscription } from '../../../domain/log/event-store.js';

/** What a subscription reads from: the durable head, the in-memory tail, and the files. */
interface EventFeed {
  head(): number;
  /** The durable event at `position` if it is still held in memory. */
  recent(position: number): StoredEvent | undefined;
  readAll(after: number, limit: number): AsyncIterable<StoredEvent>;
}

const CATCH_UP_PAGE = 1000;

/**
 * Catch-up then live delivery. One loop tracks the last delivered position and always asks
 * for what follows it, from memory when it can and from the files when it has fallen behind,
 * so the switch from catch-up to live has no gap and no duplicate, and a slow handler only
 * delays itself, never an append.
 */
class CatchUpSubscription implements Subscription {
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private readonly running: Promise<void>;

  constructor(
    private readonly feed: EventFeed,
    private readonly options: SubscribeOptions,
    private readonly onStopped: (subscription: CatchUpSubscription) => void,
  ) {
    this.running = this.run();
  }

  /** New events are durable. */
  wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
  }

  /** The store is closing: stop, then tell the subscriber it will hear nothing more. */
  async end(reason: Error): Promise<void> {
    const wasRunning = !this.stopped;
    await this.close();
    if (wasRunning) this.options.onError?.(reason);
  }

  private async run(): Promise<void> {
    let position = this.options.after;
    let caughtUp = false;
    try {
      await null; // handlers never run before subscribeToAll has returned
      while (!this.stopped) {
        if (position < this.feed.head()) {
          position = await this.deliverAfter(position);
        } else if (!caughtUp) {
          caughtUp = true;
          this.options.onCaughtUp?.(position);
        } else {
          await new Promise<void>((resolve) => (this.wakeUp = resolve));
        }
      }
    } catch (error) {
      this.stopped = true;
      this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.onStopped(this);
    }
  }

  /** Delivers what follows `position`; returns the last position delivered. */
  private async deliverAfter(position: number): Promise<number> {
    let event = this.feed.recent(position + 1);
    if (event !== undefined) {
      while (event !== undefined && !this.stopped) {
        await this.deliver(event);
        position = event.position;
        event = this.feed.recent(position + 1);
      }
      return position;
    }
    for await (const stored of this.feed.readAll(position, CATCH_UP_PAGE)) {
      if (this.stopped) break;
      await this.deliver(stored);
      position = stored.position;
    }
    return position;
  }

  private async deliver(event: StoredEvent): Promise<void> {
    const handled = this.options.onEvent(event);
    if (handled !== undefined) await handled; // a synchronous handler costs no extra tick
  }
}

/** A store's open subscriptions: one that stops leaves, new events wake them all, closing ends them all. */
export class OpenSubscriptions {
  private readonly open = new Set<CatchUpSubscription>();

  subscribe(feed: EventFeed, options: SubscribeOptions): Subscription {
    const subscription = new CatchUpSubscription(feed, options, (stopped) => this.open.delete(stopped));
    this.open.add(subscription);
    return subscription;
  }

  wake(): void {
    for (const subscription of this.open) subscription.wake();
  }

  /** Ends every subscription; their onError hears that the store was closed. */
  async endAll(): Promise<void> {
    const reason = new Error('the event store was closed');
    await Promise.all([...this.open].map((subscription) => subscription.end(reason)));
  }
}
