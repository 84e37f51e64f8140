import * as E from 'fp-ts/lib/Either.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, EventStore } from '../../domain/index.js';
import { Engine, type CommandError, type Executed } from '../../engine/index.js';
import { EmbeddedEventStore } from '../../infra/store/index.js';

let commandCount = 0;

/** Metadata as the API would stamp it; the time is fixed so that views compare across runs. */
export const context = () => ({
  commandId: `command-${++commandCount}`,
  correlationId: 'property-tests',
  actor: { projectId: 'p', userId: 'property-tests' },
  decidedAt: '2026-11-22T06:00:00.000Z',
});

/** A real engine on a real embedded store in a fresh temporary data dir. */
export class Ledger {
  private constructor(
    readonly dir: string,
    public store: EmbeddedEventStore,
    public engine: Engine,
  ) {}

  /** `through` stands between the engine and the store (one that refuses some appends). */
  static async open(through: (store: EventStore) => EventStore = (store) => store): Promise<Ledger> {
    const dir = await mkdtemp(join(tmpdir(), 'netledger-property-'));
    const store = await EmbeddedEventStore.open(dir);
    return new Ledger(dir, store, await Engine.start(through(store), []));
  }

  execute(command: Command): Promise<E.Either<CommandError, Executed>> {
    return this.engine.execute(command, context());
  }

  /** Stops the engine and closes the store, then folds the same data dir again from its first event. */
  async reopen(): Promise<void> {
    await this.engine.stop();
    await this.store.close();
    this.store = await EmbeddedEventStore.open(this.dir);
    this.engine = await Engine.start(this.store, []);
  }

  async close(): Promise<void> {
    await this.engine.stop();
    await this.store.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** The error type a command met, or 'ok': what a client tells apart. */
export const outcomeOf = (result: E.Either<CommandError, Executed>): string =>
  E.isRight(result) ? 'ok' : 'type' in result.left ? result.left.type : result.left._tag;
