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

/**
 * What a command's work learns of its place in the lanes, and tells them. A command whose
 * predecessors are decided (their events on their way to disk) may be decided against them: it
 * then joins their chain, and its fate is theirs (if one of their appends is refused, it is
 * decided again).
 */
export interface Place<C> {
  /** The chain of decided commands ahead of this one, in the lanes where they block it; none when nothing blocks it. */
  readonly after: C | undefined;
  /** This command is decided, in `chain`: the ones behind it may be decided against it now. */
  decided(chain: C): void;
  /** Its decision was dropped: the ones behind it wait again until it is gone. */
  undecided(): void;
}

/** One command's place in the lanes of the streams it is decided on. */
interface Ticket<C> {
  readonly modes: ReadonlyMap<string, 'write' | 'read'>;
  started: boolean;
  /** Set while the command is decided and its append not yet answered. */
  chain: C | undefined;
  readonly start: (after: C | undefined) => void;
}

/**
 * Queues keyed by stream (a network, a project's groups, a router, a host): a command waits in the
 * lane of every stream its decision rests on. In a lane, writers go one at a time and readers
 * side by side, so a decision runs against the state its predecessors left in every stream it
 * depends on, while lanes run side by side so their appends share group commits. "One at a time"
 * ends when a command is decided, not when its append is durable: the next writer may then be
 * decided against the state that includes the events on their way to disk, provided every
 * command that blocks it is decided and all of them are in one chain (whose appends go in
 * order, and whose refusal drops everything decided after it). A command joins all its lanes at
 * once, so two commands meet in the same order in every lane they share and no two ever wait for
 * each other (the oldest waiting command only waits for running ones). Each lane's queue of
 * writers is bounded, and so is the work over all lanes, since one client can open a lane per
 * network.
 */
export class Lanes<C = unknown> {
  private readonly lanes = new Map<string, Ticket<C>[]>();
  private inFlight = 0;
  /** Tickets whose lanes changed, waiting to be looked at (a start that decides at once wakes more). */
  private readonly toWake: Ticket<C>[] = [];
  private waking = false;

  constructor(
    private readonly maxQueued: number,
    private readonly maxInFlight: number,
  ) {}

  run<T>(streams: DecisionStreams, work: (place: Place<C>) => Promise<T>): Promise<T> | LaneFull | Overloaded {
    for (const stream of streams.writes) if ((this.lanes.get(stream)?.length ?? 0) >= this.maxQueued) return new LaneFull(stream);
    if (this.inFlight >= this.maxInFlight) return new Overloaded(this.inFlight);
    const modes = new Map<string, 'write' | 'read'>(streams.reads.map((stream) => [stream, 'read']));
    for (const stream of streams.writes) modes.set(stream, 'write');
    this.inFlight += 1;
    return new Promise<T>((resolve, reject) => {
      const ticket: Ticket<C> = {
        modes,
        started: false,
        chain: undefined,
        start: (after) => {
          const place: Place<C> = {
            after,
            decided: (chain) => {
              ticket.chain = chain;
              this.wake(ticket);
            },
            undecided: () => (ticket.chain = undefined),
          };
          void work(place)
            .then(resolve, reject)
            .finally(() => this.leave(ticket));
        },
      };
      for (const stream of modes.keys()) {
        const lane = this.lanes.get(stream);
        if (lane) lane.push(ticket);
        else this.lanes.set(stream, [ticket]);
      }
      this.startIfFree(ticket);
    });
  }

  private leave(ticket: Ticket<C>): void {
    this.inFlight -= 1;
    ticket.chain = undefined;
    for (const stream of ticket.modes.keys()) {
      const lane = this.lanes.get(stream)!;
      lane.splice(lane.indexOf(ticket), 1);
      if (lane.length === 0) this.lanes.delete(stream);
    }
    this.wake(ticket);
  }

  /** Looks again at the commands waiting behind `ticket` in its lanes, one wake at a time. */
  private wake(ticket: Ticket<C>): void {
    this.toWake.push(ticket);
    if (this.waking) return;
    this.waking = true;
    try {
      for (let next = this.toWake.shift(); next; next = this.toWake.shift())
        for (const stream of next.modes.keys()) {
          for (const waiting of this.lanes.get(stream) ?? []) {
            if (waiting.started) continue;
            this.startIfFree(waiting);
            // A writer that cannot start holds back everyone behind it in this lane.
            if (!waiting.started && waiting.modes.get(stream) === 'write') break;
          }
        }
    } finally {
      this.waking = false;
    }
  }

  /**
   * A command starts when everything that blocks it (anyone ahead where it writes, writers ahead
   * where it reads) is decided, in one chain, which it then joins. So a command sees the
   * speculative state of a stream, even one it only reads, only as a member of the chain writing
   * it: its append goes after that writer's and is dropped and decided again with it if that is
   * refused. Seeing it from another chain would tie its answer to an append it does not follow;
   * reading the folded state instead would be no better, its check of the stream refused as soon
   * as the writer's append lands: so it waits, as before, until the writer has left. Outside its
   * chain a command sees only the folded world, also in what no stream guards (a project's quota
   * usage).
   */
  private startIfFree(ticket: Ticket<C>): void {
    if (ticket.started) return;
    let after: C | undefined;
    for (const [stream, mode] of ticket.modes) {
      for (const ahead of this.lanes.get(stream)!) {
        if (ahead === ticket) break;
        if (mode === 'read' && ahead.modes.get(stream) === 'read') continue;
        if (ahead.chain === undefined || (after !== undefined && ahead.chain !== after)) return;
        after = ahead.chain;
      }
    }
    ticket.started = true;
    ticket.start(after);
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
