import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Command, RecordedEvent, World } from '../domain/index.js';
import { Engine, type CommandContext } from '../engine/index.js';
import { EmbeddedEventStore } from '../infra/store/index.js';
import { GoalStates, type HostChanges } from '../projections/goal-state/index.js';
import type { Projection } from '../projections/projection.js';

let commands = 0;
export const context = (): CommandContext => {
  commands += 1;
  return {
    commandId: `command-${commands}`,
    correlationId: `correlation-${commands}`,
    actor: { projectId: 'p', userId: 'tester' },
    decidedAt: '2026-11-22T06:00:00.000Z',
  };
};

/** Goal states that also remember what each event changed, for the tests to look at. */
export class RecordedGoalStates implements Projection {
  readonly goalStates = new GoalStates();
  readonly changes: { position: number; changes: HostChanges }[] = [];

  apply(event: RecordedEvent, world: World): void {
    this.changes.push({ position: event.position, changes: this.goalStates.apply(event, world) });
  }
}

/** A real engine on an embedded log in a temp dir. */
export const engineOn = async (projections: Projection[], dir?: string) => {
  const dataDir = dir ?? (await mkdtemp(join(tmpdir(), 'netledger-southbound-')));
  const store = await EmbeddedEventStore.open(dataDir);
  const engine = await Engine.start(store, projections);
  return {
    engine,
    dataDir,
    run: async (command: Command) => {
      const result = await engine.execute(command, context());
      if (E.isLeft(result)) throw new Error(`${command.type} refused: ${JSON.stringify(result.left)}`);
      return result.right;
    },
    /** Like run, but a refusal is an answer, not a failure (random command sequences). */
    attempt: (command: Command) => engine.execute(command, context()),
    stop: async () => {
      await engine.stop();
      await store.close();
    },
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
};
