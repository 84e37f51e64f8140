import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goalStateFromScratch } from '../projections/goal-state/index.js';
import { engineOn, RecordedGoalStates } from '../test-kit/engine-fixture.js';
import { command, HOSTS, setting } from '../test-kit/random-commands.js';
import { parameters } from './settings.js';

describe('property 3: incremental goal states equal goal states computed from scratch', () => {
  it('agree for every host after every command of random sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 20, maxLength: 60 }), async (commands) => {
        const recorded = new RecordedGoalStates();
        const harness = await engineOn([recorded]);
        try {
          for (const c of setting) await harness.run(c);
          for (const c of commands) {
            await harness.attempt(c);
            for (const h of HOSTS) expect(recorded.goalStates.goalState(h)).toEqual(goalStateFromScratch(harness.engine.world, h));
          }
        } finally {
          await harness.stop();
          await harness.remove();
        }
      }),
      parameters(20),
    );
  });
});
