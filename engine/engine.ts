import * as E from 'fp-ts/lib/Either.js';
import { decide, emptyWorld, evolve, recordedEvent, type Command, type DomainEvent, type EventStore, type RecordedEvent, type Subscription, type World } from '../domain/index.js';
import type { Projection } from '../projections/projection.js';
import type { CommandObserver } from './command-observer.js';
import type { CommandContext, CommandError, Executed } from './command-result.js';
import { laneOf } from './lane-key.js';
import { LaneFull, Lanes, Overloaded } from './lanes.js';
import { PositionWaiters } from './position-waiters.js';

export interface EngineOptions {
  /** Commands queued per consistency boundary before the API answers 429. */
  readonly maxQueuedPerLane?: number;
  /** Commands queued or running over all lanes before the API answers 503. */
  readonly maxInFlight?: number;
  /** Decisions retried when another writer moved the stream first (several API nodes). */
  readonly maxConflictRetries?: number;
  readonly observer?: CommandObserver;
}

/**
 * The running heart of a node: folds the log into the world and the projections (catch-up, then
 * live), and executes commands: decide against the world, append with the expected revision,
 * and answer once the world has applied the result, so a reply can read its own write.
 */
export class Engine {
  readonly world: World = emptyWorld();
  private readonly lanes: Lanes;
  private readonly waiters = new PositionWaiters();
  private subscription?: Subscription;
  private caughtUp = false;

  private constructor(
    readonly store: EventStore,
    private readonly projections: readonly Projection[],
    private readonly options: EngineOptions,
  ) {
    this.lanes = new Lanes(options.maxQueuedPerLane ?? 1024, options.maxInFlight ?? 8192);
  }

  /** Starts folding the log; resolves once everything stored at start has been applied. */
  static async start(store: EventStore, projections: readonly Projection[], options: EngineOptions = {}): Promise<Engine> {
    const engine = new Engine(store, projections, options);
    await new Promise<void>((resolve, reject) => {
      engine.subscription = store.subscribeToAll({
        after: 0,
        onEvent: (event) => engine.apply(recordedEvent(event)),
        onCaughtUp: () => {
          engine.caughtUp = true;
          resolve();
        },
        onError: reject,
      });
    });
    return engine;
  }

  private apply(event: RecordedEvent): void {
    evolve(this.world, event);
    for (const projection of this.projections) projection.apply(event, this.world);
    this.waiters.reached(event.position);
  }

  get ready(): boolean {
    return this.caughtUp;
  }

  get queuedCommands(): number {
    return this.lanes.depth;
  }

  /** Commands waiting in the fullest lane (the one nearest to answering 429). */
  get deepestLane(): number {
    return this.lanes.deepest;
  }

  /** Resolves once the world has applied every event up to `position`. */
  waitForPosition(position: number): Promise<void> {
    return this.waiters.waitFor(position, this.world.position);
  }

  execute(command: Command, context: CommandContext): Promise<E.Either<CommandError, Executed>> {
    const observer = this.options.observer;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const run = this.lanes.run(laneOf(command, this.world), () => this.decideAndAppend(command, context));
    const result = run instanceof LaneFull || run instanceof Overloaded ? Promise.resolve(E.left(run)) : run;
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

  private async decideAndAppend(command: Command, context: CommandContext): Promise<E.Either<CommandError, Executed>> {
    const retries = this.options.maxConflictRetries ?? 8;
    for (let attempt = 0; ; attempt++) {
      const decision = decide(command, this.world);
      if (E.isLeft(decision)) return decision;
      let position = this.world.position;
      const events: DomainEvent[] = [];
      const appended: { first: number; last: number }[] = [];
      let conflict: { stream: string; actual: number } | undefined;
      for (const append of decision.right) {
        const result = await this.store.append(
          append.stream,
          append.events.map((event) => ({ ...event, metadata: context })),
          append.expected,
        );
        if (E.isLeft(result)) {
          if (result.left._tag === 'StoreUnavailable') return E.left(result.left);
          conflict = { stream: append.stream, actual: result.left.actual };
          break;
        }
        position = result.right.lastPosition;
        appended.push({ first: result.right.firstPosition, last: result.right.lastPosition });
        events.push(...append.events);
      }
      if (!conflict) {
        await this.waitForPosition(position);
        return E.right({ position, events, appended });
      }
      // Another node wrote the stream first: catch up with what it wrote, then decide again.
      if (attempt >= retries) return E.left({ _tag: 'StoreUnavailable', reason: `stream ${conflict.stream} keeps moving; retry later` });
      await this.waitForStream(conflict.stream, conflict.actual);
    }
  }

  private async waitForStream(stream: string, revision: number): Promise<void> {
    const deadline = Date.now() + 5_000;
    while ((this.world.streamRevisions.get(stream) ?? -1) < revision && Date.now() < deadline)
      await Promise.race([this.waitForPosition(this.world.position + 1), new Promise((resolve) => setTimeout(resolve, 50))]);
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.waiters.closeAll();
  }
}
