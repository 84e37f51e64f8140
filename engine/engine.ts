import * as E from 'fp-ts/lib/Either.js';
import {
  decide,
  emptyWorld,
  evolve,
  recordedEvent,
  streamsOf,
  type Command,
  type DecisionStreams,
  type EventStore,
  type RecordedEvent,
  type StoreUnavailable,
  type StreamAppend,
  type StreamWrite,
  type Subscription,
  type World,
} from '../domain/index.js';
import type { Projection } from '../projections/projection.js';
import type { CommandObserver } from './command-observer.js';
import type { CommandContext, CommandError, Executed } from './command-result.js';
import { DecisionChain } from './decision-chain.js';
import { claimPart, type KeyClaim } from './key-claim.js';
import { LaneFull, Lanes, Overloaded, type Place } from './lanes.js';
import { PositionWaiters } from './position-waiters.js';

export interface EngineOptions {
  /** Commands queued per consistency boundary before the API answers 429. */
  readonly maxQueuedPerLane?: number;
  /** Commands queued or running over all lanes before the API answers 503. */
  readonly maxInFlight?: number;
  /** Decisions retried when another writer moved the stream first (several API nodes). */
  readonly maxConflictRetries?: number;
  readonly observer?: CommandObserver;
  /** How long a command waits for the world to apply its own append before answering 503 (default 10 s). */
  readonly positionTimeoutMs?: number;
  /**
   * Called once if the fold stops for good after start (an event that fails to apply, a corrupt
   * or undecodable record, the store giving up): the node is unready from then on, and every
   * command waiting for its append to be applied has been answered unavailable.
   */
  readonly onFailure?: (error: Error) => void;
}

const POSITION_TIMEOUT_MS = 10_000;

/** A decision that rests on a stream whose lane its command does not hold. */
const OUTSIDE_LANES = Symbol('outside its lanes');

/** Whether every part is in a lane the command holds: written streams among its writes, read ones among either. */
const withinLanes = (parts: readonly StreamAppend[], streams: DecisionStreams): boolean => {
  const writes = new Set(streams.writes);
  const reads = new Set(streams.reads);
  return parts.every((part) => writes.has(part.stream) || (part.events.length === 0 && reads.has(part.stream)));
};

const withMetadata = (parts: readonly StreamAppend[], context: CommandContext): StreamWrite[] =>
  parts.map((part) => ({ ...part, events: part.events.map((event) => ({ ...event, metadata: context })) }));

/** A claimed key's stream is written by the command too, so it is one of the lanes it holds. */
const withClaim = (streams: DecisionStreams, claim: KeyClaim | undefined): DecisionStreams =>
  claim ? { writes: [claim.stream, ...streams.writes], reads: streams.reads } : streams;

/** The parts of a decision's append: its own, after the claimed key's (none when it changes nothing). */
const appendOf = (parts: readonly StreamAppend[], claim: KeyClaim | undefined): readonly StreamAppend[] =>
  claim && parts.length > 0 ? [claimPart(claim), ...parts] : parts;

/**
 * Another command wrote under the key since the request claimed it: deciding now would make a
 * second write under one key (or refuse what the first one made, an IP it took).
 */
const keyTaken = (world: World, claim: KeyClaim | undefined): boolean =>
  claim !== undefined && (world.streamRevisions.get(claim.stream) ?? 'no_stream') !== claim.expected;

const sameStreams = (a: DecisionStreams, b: DecisionStreams): boolean =>
  a.writes.join('\n') === b.writes.join('\n') && a.reads.join('\n') === b.reads.join('\n');

/**
 * The running heart of a node: folds the log into the world and the projections (catch-up, then
 * live), and executes commands: decide against the world, append with the expected revision,
 * and answer once the world has applied the result, so a reply can read its own write.
 */
export class Engine {
  private readonly lanes: Lanes<DecisionChain>;
  private readonly waiters = new PositionWaiters();
  private subscription?: Subscription;
  private caughtUp = false;
  private failure: Error | undefined;

  private constructor(
    readonly store: EventStore,
    private readonly projections: readonly Projection[],
    private readonly options: EngineOptions,
    readonly world: World,
  ) {
    this.lanes = new Lanes(options.maxQueuedPerLane ?? 1024, options.maxInFlight ?? 8192);
  }

  /**
   * Starts folding the log after the world's position: from the empty world, or from a
   * checkpoint's world with every projection taken up from the same checkpoint. Resolves once
   * everything stored at start has been applied.
   */
  static async start(store: EventStore, projections: readonly Projection[], options: EngineOptions = {}, world: World = emptyWorld()): Promise<Engine> {
    const engine = new Engine(store, projections, options, world);
    await new Promise<void>((resolve, reject) => {
      engine.subscription = store.subscribeToAll({
        after: world.position,
        onEvent: (event) => engine.apply(recordedEvent(event)),
        onCaughtUp: () => {
          engine.caughtUp = true;
          resolve();
        },
        onError: (error) => (engine.caughtUp ? engine.fail(error) : reject(error)),
      });
    });
    return engine;
  }

  private apply(event: RecordedEvent): void {
    evolve(this.world, event);
    try {
      for (const projection of this.projections) projection.apply(event, this.world);
    } catch (error) {
      // Known at once, before the world's position (already moved) is taken for this event's.
      if (this.caughtUp && error instanceof Error) this.fail(error);
      throw error;
    }
    this.waiters.reached(event.position);
  }

  /**
   * The fold stopped: nothing written from now on could be read back, so nothing is waited for.
   * Its world is as it was before the event that failed; the node must restart to go on.
   */
  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.waiters.stopAll();
    this.options.onFailure?.(error);
  }

  /** Caught up with the log, and still following it. */
  get ready(): boolean {
    return this.caughtUp && this.failure === undefined;
  }

  /** Why the fold stopped for good, if it did. */
  get failed(): Error | undefined {
    return this.failure;
  }

  get queuedCommands(): number {
    return this.lanes.depth;
  }

  /** Commands waiting in the fullest lane (the one nearest to answering 429). */
  get deepestLane(): number {
    return this.lanes.deepest;
  }

  /**
   * Whether the world has applied every event up to `position` within `timeoutMs` (false when the
   * time ran out or the fold stopped).
   */
  waitForPosition(position: number, timeoutMs = this.options.positionTimeoutMs ?? POSITION_TIMEOUT_MS): Promise<boolean> {
    // A fold that stopped may have half-applied the event it stopped at: nothing counts as applied then.
    if (this.failure) return Promise.resolve(false);
    return this.waiters.waitFor(position, this.world.position, timeoutMs);
  }

  /**
   * Decides and appends a command, answering once this node has folded its append. With `claim`,
   * the append also takes the command's Idempotency-Key (key-claim.ts): if another command took it
   * meanwhile, nothing is appended and the answer is KeyTaken.
   */
  execute(command: Command, context: CommandContext, claim?: KeyClaim): Promise<E.Either<CommandError, Executed>> {
    const observer = this.options.observer;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const result = this.failure ? Promise.resolve(E.left(this.stopped())) : this.inLanes(command, context, claim);
    if (!observer) return result;
    return result.then(
      (settled) => {
        observer.settled(command, context, settled, seconds());
        return settled;
      },
      (error: unknown) => {
        observer.crashed(command, context, error, seconds());
        throw error;
      },
    );
  }

  /**
   * Runs the decision in the lanes of the streams its decider declares. What a command names may
   * have changed while it waited (a port created meanwhile): if the decision then rests on a
   * stream outside those lanes, it queues again in the lanes it needs now.
   */
  private async inLanes(command: Command, context: CommandContext, claim: KeyClaim | undefined): Promise<E.Either<CommandError, Executed>> {
    for (let previous: DecisionStreams | undefined; ; ) {
      const streams = withClaim(streamsOf(command, this.world), claim);
      if (previous && sameStreams(previous, streams))
        throw new Error(`the decision of ${command.type} rests on a stream its decider does not declare`);
      const run = this.lanes.run(streams, (place) => this.decideInChain(command, context, streams, place, claim));
      if (run instanceof LaneFull || run instanceof Overloaded) return E.left(run);
      const settled = await run;
      if (settled !== OUTSIDE_LANES) return settled;
      previous = streams;
    }
  }

  /**
   * Decides the command against the world plus the events of the commands decided before it in its
   * lanes that are still on their way to disk, and answers once its own append is durable and
   * folded. If an append before it (or its own) is refused, it is decided again against the world.
   */
  private async decideInChain(
    command: Command,
    context: CommandContext,
    streams: DecisionStreams,
    place: Place<DecisionChain>,
    claim: KeyClaim | undefined,
  ): Promise<E.Either<CommandError, Executed> | typeof OUTSIDE_LANES> {
    if (keyTaken(this.world, claim)) return E.left({ _tag: 'KeyTaken' });
    const chain = place.after ?? new DecisionChain(this.world, this.store, (position) => this.waitForPosition(position));
    const decision = decide(command, chain.speculativeWorld(), context);
    const parts = E.isRight(decision) && withinLanes(decision.right, streams) ? decision.right : [];
    const joined = chain.join(withMetadata(appendOf(parts, claim), context), place.undecided);
    place.decided(chain);
    const outcome = await joined;
    if (!outcome.ok) {
      await outcome.turn;
      try {
        if (outcome.refused && outcome.refusal._tag === 'StoreUnavailable') return E.left(outcome.refusal);
        return await this.decideAndAppend(command, context, streams, claim);
      } finally {
        outcome.done();
      }
    }
    if (!(await this.waitForPosition(outcome.last))) return E.left(this.notFolded(outcome.last));
    if (E.isLeft(decision)) return decision;
    if (decision.right.length === 0) return E.right({ position: this.world.position, events: [], appended: [] });
    if (parts.length === 0) return OUTSIDE_LANES;
    return E.right({ position: outcome.last, events: parts.flatMap((part) => part.events), appended: [{ first: outcome.first, last: outcome.last }] });
  }

  private notFolded(position: number): StoreUnavailable {
    return this.failure
      ? this.stopped()
      : { _tag: 'StoreUnavailable', reason: `the append is durable at position ${position}, but this node has not applied it yet; retry the read later` };
  }

  private async decideAndAppend(
    command: Command,
    context: CommandContext,
    streams: DecisionStreams,
    claim: KeyClaim | undefined,
  ): Promise<E.Either<CommandError, Executed> | typeof OUTSIDE_LANES> {
    const retries = this.options.maxConflictRetries ?? 8;
    for (let attempt = 0; ; attempt++) {
      if (keyTaken(this.world, claim)) return E.left({ _tag: 'KeyTaken' });
      const decision = decide(command, this.world, context);
      if (E.isLeft(decision)) return decision;
      const parts = decision.right;
      if (parts.length === 0) return E.right({ position: this.world.position, events: [], appended: [] });
      if (!withinLanes(parts, streams)) return OUTSIDE_LANES;
      const result = await this.store.appendToStreams(withMetadata(appendOf(parts, claim), context));
      if (E.isRight(result)) {
        const { lastPosition } = result.right;
        if (!(await this.waitForPosition(lastPosition))) return E.left(this.notFolded(lastPosition));
        return E.right({ position: result.right.lastPosition, events: parts.flatMap((part) => part.events), appended: [{ first: result.right.firstPosition, last: result.right.lastPosition }] });
      }
      if (result.left._tag === 'StoreUnavailable') return E.left(result.left);
      // Another node wrote one of the streams first: catch up with what it wrote, then decide again.
      const conflict = result.left;
      if (attempt >= retries) return E.left({ _tag: 'StoreUnavailable', reason: `stream ${conflict.stream} keeps moving; retry later` });
      await this.waitForStream(conflict.stream, conflict.actual);
    }
  }

  private stopped(): StoreUnavailable {
    return { _tag: 'StoreUnavailable', reason: `this node stopped following the log (${this.failure?.message}); it restarts` };
  }

  private async waitForStream(stream: string, revision: number): Promise<void> {
    const deadline = Date.now() + 5_000;
    while ((this.world.streamRevisions.get(stream) ?? -1) < revision && Date.now() < deadline && !this.failure)
      await this.waitForPosition(this.world.position + 1, 50);
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.waiters.stopAll();
  }
}
