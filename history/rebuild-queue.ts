/** A world rebuild refused because as many are running and waiting as the node allows: the read is answered 503, to retry. */
export class WorldRebuildsBusy extends Error {
  readonly statusCode = 503;
  constructor(readonly retryAfterSeconds: number) {
    super('Too many reads of the past are rebuilding worlds on this node; retry later.');
  }
}

export interface RebuildLimits {
  /** Rebuilds that run at once (each replays up to a snapshot's interval of events: seconds of CPU on a big log). */
  readonly running?: number;
  /** Rebuilds that may wait for a free slot; one more is refused at once. */
  readonly waiting?: number;
  /** What a refusal tells the client to wait, in seconds. */
  readonly retryAfterSeconds?: number;
}

/**
 * Admits at most `running` world rebuilds at once and `waiting` more in line: any caller can ask
 * for the past, and each rebuild costs seconds of the node's CPU and a world's memory.
 */
export class RebuildQueue {
  private active = 0;
  private readonly line: (() => void)[] = [];
  private readonly running: number;
  private readonly waiting: number;
  private readonly retryAfterSeconds: number;

  constructor(limits: RebuildLimits = {}) {
    this.running = limits.running ?? 2;
    this.waiting = limits.waiting ?? 4;
    this.retryAfterSeconds = limits.retryAfterSeconds ?? 5;
  }

  /** Runs the rebuild once a slot is free; throws WorldRebuildsBusy at once when the line is full. */
  admit<T>(rebuild: () => Promise<T>): Promise<T> {
    if (this.active >= this.running && this.line.length >= this.waiting) throw new WorldRebuildsBusy(this.retryAfterSeconds);
    const slot = new Promise<void>((start) => {
      if (this.active < this.running) {
        this.active += 1;
        start();
      } else this.line.push(start);
    });
    // A finished rebuild hands its slot to the next in line.
    return slot.then(rebuild).finally(() => {
      const next = this.line.shift();
      if (next) next();
      else this.active -= 1;
    });
  }
}
