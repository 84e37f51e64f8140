import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HostStreams, applyDiff, emptyHostState, type HostState } from '../../southbound/index.js';
import { command, HOSTS, setting } from '../../southbound/tests/random-commands.js';
import { engineOn } from '../../southbound/tests/engine-fixture.js';
import { auditIndexIn } from '../audit/audit-files.js';
import { TimeMachine } from './time-machine.js';
import { WorldSnapshots } from './world-snapshots.js';
import { join } from 'node:path';

describe('goal states in the past', () => {
  it('equal what the live stream held at that position, and the net change from p1 to p2 applied at p1 gives p2', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), fc.integer({ min: 0, max: 1000 }), async (commands, pick) => {
        const streams = new HostStreams();
        const node = await engineOn([]);
        const audit = auditIndexIn(join(node.dataDir, 'audit'));
        const snapshots = new WorldSnapshots(join(node.dataDir, 'snapshots'), { minInterval: 7, eventsPerEntity: 0 });
        await node.stop();
        const restarted = await engineOn([streams, audit, snapshots], node.dataDir);
        const live = new Map<string, HostState[]>(HOSTS.map((h) => [h, [emptyHostState(h)]]));
        for (const host of HOSTS)
          streams.follow(host, (diff) => {
            const states = live.get(host)!;
            // applyDiff updates the state in place: keep a copy per position.
            const next = applyDiff(structuredClone(states[states.length - 1]), JSON.parse(diff.line));
            if (E.isRight(next)) states.push(next.right);
          });
        try {
          for (const c of setting) await restarted.run(c);
          for (const c of commands) await restarted.attempt(c);
          const machine = new TimeMachine(restarted.engine.store, () => restarted.engine.world, audit, snapshots);
          const head = restarted.engine.world.position;
          const p1 = pick % (head + 1);
          const p2 = head - (pick % Math.max(1, head - p1));
          for (const host of HOSTS) {
            const atP1 = await machine.goalStateAt(host, p1);
            const atP2 = await machine.goalStateAt(host, p2);
            const states = live.get(host)!;
            const heldAt = (p: number) => [...states].reverse().find((s) => s.position <= p)!.goalState;
            expect(atP1).toEqual(heldAt(p1));
            expect(atP2).toEqual(heldAt(p2));
            const ops = await machine.goalStateChange(host, p1, p2);
            const start: HostState = { ...emptyHostState(host), goalState: structuredClone(atP1) };
            const moved = applyDiff(start, { type: 'diff', hostId: host, seq: 1, position: p2, ops });
            expect(E.isRight(moved) && moved.right.goalState).toEqual(atP2);
          }
        } finally {
          await restarted.stop();
          await restarted.remove();
        }
      }),
      { numRuns: 8 },
    );
  });
});
