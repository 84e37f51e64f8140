import { describe, expect, it } from 'vitest';
import { emptyWorld, evolve, recordedEvent } from '../domain/index.js';
import { goalStateFromScratch } from '../projections/goal-state/index.js';
import type { GoalStateArchive } from '../southbound/archive/goal-state-archive.js';
import { engineOn } from '../test-kit/engine-fixture.js';
import { HOSTS, setting } from '../test-kit/random-commands.js';
import { PastGoalStates } from './past-goal-states.js';
import type { PastWorlds } from './past-worlds.js';

/** An archive whose fold of a host's file gives these bytes (what a damaged or foreign file could give). */
const archiveAnswering = (text: string) =>
  ({ encodedGoalStateAt: async () => ({ utf8: Buffer.from(text), checksum: '', entriesPerKind: {}, release: () => undefined }) }) as unknown as GoalStateArchive;

describe('a past goal state as plain data', () => {
  it.each([
    ['not JSON', '{"port": {'],
    ['a kind no goal state has', '{"__proto__": {"p": {}}}'],
    ['a table that is not of bodies', '{"port": {"p": 5}}'],
  ])('given archived bytes that are %s, when read, then it is the one worked out from the world there', async (_, text) => {
    const node = await engineOn([]);
    try {
      for (const c of setting) await node.attempt(c);
      const world = emptyWorld();
      for await (const event of node.engine.store.readAll(0)) evolve(world, recordedEvent(event));
      const worlds = { pastWorld: async () => world } as unknown as PastWorlds;
      const expected = goalStateFromScratch(world, HOSTS[0]);
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      expect(await new PastGoalStates(archiveAnswering(text), worlds).goalStateAt(HOSTS[0], world.position)).toEqual(expected);
    } finally {
      await node.stop();
    }
  });
});
