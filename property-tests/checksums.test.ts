import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GoalStates, goalStateFromScratch } from '../projections/goal-state/index.js';
import { applyDiff, checksumOf, emptyHostState, HostStreams } from '../southbound/index.js';
import { checksumFromScratch } from '../southbound/wire.js';
import { engineOn } from '../test-kit/engine-fixture.js';
import { command, HOSTS, setting } from '../test-kit/random-commands.js';
import { op } from '../test-kit/random-ops.js';
import { parameters } from './settings.js';

const HOST = 'host-a';

describe('property 11: checksums kept op by op', () => {
  it("an agent's checksum after any ops, from empty or from a snapshot, equals the checksum of the goal state it holds computed from scratch", () => {
    fc.assert(
      fc.property(fc.array(fc.array(op, { maxLength: 6 }), { maxLength: 30 }), fc.nat(), (diffs, cut) => {
        const state = emptyHostState(HOST);
        let checksum = checksumFromScratch(state.goalState);
        const snapshotAt = diffs.length === 0 ? 0 : cut % diffs.length;
        for (const [k, ops] of diffs.entries()) {
          // An agent that adopts a snapshot on the way goes on from its checksum computed whole.
          if (k === snapshotAt) checksum = checksumFromScratch(state.goalState);
          const applied = applyDiff(state, { type: 'diff', hostId: HOST, seq: state.seq + 1, position: k + 1, ops }, checksum);
          if (E.isLeft(applied)) throw new Error('the model skipped a seq');
          expect(checksum.hex()).toBe(checksumOf(state.goalState));
        }
      }),
      parameters(200),
    );
  });

  it("the server's checksum of every host after every command equals the checksum of its goal state computed from scratch", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 40 }), async (commands) => {
        const streams = new HostStreams(new GoalStates(), { window: 0 });
        const harness = await engineOn([streams]);
        try {
          for (const c of setting) await harness.run(c);
          for (const c of commands) {
            await harness.attempt(c);
            for (const h of HOSTS) expect(streams.checksumOf(h)).toBe(checksumOf(goalStateFromScratch(harness.engine.world, h)));
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
