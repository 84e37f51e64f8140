/** A lane already holds as much queued work as it may: the API answers 429 with Retry-After. */
export class LaneFull {
  readonly _tag = 'LaneFull';
  constructor(readonly lane: string) {}
}

interface Lane {
  readonly queue: Array<() => Promise<void>>;
}

/**
 * Serial queues keyed by consistency boundary (a network, a project's groups, a router, a host):
 * decisions inside one lane run one at a time against the state their predecessor left, while
 * lanes run side by side so their appends share group commits. Each lane's queue is bounded.
 */
export class Lanes {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly maxQueued: number) {}

  run<T>(key: string, work: () => Promise<T>): Promise<T> | LaneFull {
    let lane = this.lanes.get(key);
    if (lane && lane.queue.length >= this.maxQueued) return new LaneFull(key);
    const start = !lane;
    if (!lane) this.lanes.set(key, (lane = { queue: [] }));
    const queued = new Promise<T>((resolve, reject) => {
      lane!.queue.push(() => work().then(resolve, reject));
    });
    if (start) void this.drain(key, lane);
    return queued;
  }

  private async drain(key: string, lane: Lane): Promise<void> {
    for (let next = lane.queue.shift(); next; next = lane.queue.shift()) await next();
    this.lanes.delete(key);
  }

  /** Commands waiting or running, over all lanes. */
  get depth(): number {
    let total = 0;
    for (const lane of this.lanes.values()) total += lane.queue.length + 1;
    return total;
  }
}
