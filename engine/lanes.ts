/** A lane already holds as much queued work as it may: the API answers 429 with Retry-After. */
export class LaneFull {
  readonly _tag = 'LaneFull';
  constructor(readonly lane: string) {}
}

/** The node already holds as many commands as it may, over all lanes: the API answers 503 with Retry-After. */
export class Overloaded {
  readonly _tag = 'Overloaded';
  constructor(readonly inFlight: number) {}
}

interface Lane {
  readonly queue: Array<() => Promise<void>>;
}

/**
 * Serial queues keyed by consistency boundary (a network, a project's groups, a router, a host):
 * decisions inside one lane run one at a time against the state their predecessor left, while
 * lanes run side by side so their appends share group commits. Each lane's queue is bounded, and
 * so is the work over all lanes, since one client can open a lane per network.
 */
export class Lanes {
  private readonly lanes = new Map<string, Lane>();
  private inFlight = 0;

  constructor(
    private readonly maxQueued: number,
    private readonly maxInFlight: number,
  ) {}

  run<T>(key: string, work: () => Promise<T>): Promise<T> | LaneFull | Overloaded {
    let lane = this.lanes.get(key);
    if (lane && lane.queue.length >= this.maxQueued) return new LaneFull(key);
    if (this.inFlight >= this.maxInFlight) return new Overloaded(this.inFlight);
    const start = !lane;
    if (!lane) this.lanes.set(key, (lane = { queue: [] }));
    this.inFlight += 1;
    const queued = new Promise<T>((resolve, reject) => {
      lane!.queue.push(() =>
        work()
          .then(resolve, reject)
          .finally(() => (this.inFlight -= 1)),
      );
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
    return this.inFlight;
  }

  /** Commands waiting in the fullest lane. */
  get deepest(): number {
    let most = 0;
    for (const lane of this.lanes.values()) most = Math.max(most, lane.queue.length);
    return most;
  }
}
