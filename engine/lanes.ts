import type { DecisionStreams } from '../domain/index.js';

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

/** One command's place in the lanes of the streams it is decided on. */
interface Ticket {
  readonly modes: ReadonlyMap<string, 'write' | 'read'>;
  started: boolean;
  readonly start: () => void;
}

/**
 * Queues keyed by stream (a network, a project's groups, a router, a host): a command waits in the
 * lane of every stream its decision rests on. In a lane, writers go one at a time and readers
 * side by side, so a decision runs against the state its predecessors left in every stream it
 * depends on, while lanes run side by side so their appends share group commits. A command joins
 * all its lanes at once, so two commands meet in the same order in every lane they share and no
 * two ever wait for each other (the oldest waiting command only waits for running ones). Each
 * lane's queue of writers is bounded, and so is the work over all lanes, since one client can open
 * a lane per network.
 */
export class Lanes {
  private readonly lanes = new Map<string, Ticket[]>();
  private inFlight = 0;

  constructor(
    private readonly maxQueued: number,
    private readonly maxInFlight: number,
  ) {}

  run<T>(streams: DecisionStreams, work: () => Promise<T>): Promise<T> | LaneFull | Overloaded {
    for (const stream of streams.writes) if ((this.lanes.get(stream)?.length ?? 0) >= this.maxQueued) return new LaneFull(stream);
    if (this.inFlight >= this.maxInFlight) return new Overloaded(this.inFlight);
    const modes = new Map<string, 'write' | 'read'>(streams.reads.map((stream) => [stream, 'read']));
    for (const stream of streams.writes) modes.set(stream, 'write');
    this.inFlight += 1;
    return new Promise<T>((resolve, reject) => {
      const ticket: Ticket = {
        modes,
        started: false,
        start: () =>
          void work()
            .then(resolve, reject)
            .finally(() => this.leave(ticket)),
      };
      for (const stream of modes.keys()) {
        const lane = this.lanes.get(stream);
        if (lane) lane.push(ticket);
        else this.lanes.set(stream, [ticket]);
      }
      this.startIfFree(ticket);
    });
  }

  private leave(ticket: Ticket): void {
    this.inFlight -= 1;
    const next = new Set<Ticket>();
    for (const stream of ticket.modes.keys()) {
      const lane = this.lanes.get(stream)!;
      lane.splice(lane.indexOf(ticket), 1);
      if (lane.length === 0) this.lanes.delete(stream);
      // The lane now lets through its first command, and the readers that follow only readers.
      for (const [i, waiting] of lane.entries()) {
        const writes = waiting.modes.get(stream) === 'write';
        if (i > 0 && writes) break;
        next.add(waiting);
        if (writes) break;
      }
    }
    for (const waiting of next) this.startIfFree(waiting);
  }

  private startIfFree(ticket: Ticket): void {
    if (ticket.started) return;
    for (const stream of ticket.modes.keys()) if (!this.passes(stream, ticket)) return;
    ticket.started = true;
    ticket.start();
  }

  private passes(stream: string, ticket: Ticket): boolean {
    const lane = this.lanes.get(stream)!;
    const at = lane.indexOf(ticket);
    if (ticket.modes.get(stream) === 'write') return at === 0;
    for (let i = 0; i < at; i++) if (lane[i].modes.get(stream) === 'write') return false;
    return true;
  }

  /** Commands waiting or running, over all lanes. */
  get depth(): number {
    return this.inFlight;
  }

  /** Commands waiting in the fullest lane. */
  get deepest(): number {
    let most = 0;
    for (const lane of this.lanes.values()) most = Math.max(most, lane.length);
    return most;
  }
}
