import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordedEvent, emptyWorld, evolve, type Command } from '../domain/index.js';
import { GoalStates, canonicalJson, goalStateFromScratch, netChange, type Op } from '../projections/goal-state/index.js';
import { HostStreams, applyDiff, emptyHostState, encodeOps, type HostState } from '../southbound/index.js';
import { command, HOSTS, setting } from '../test-kit/random-commands.js';
import { engineOn } from '../test-kit/engine-fixture.js';
import { auditIndexIn } from '../infra/audit/audit-files.js';
import { GoalStateArchive } from '../southbound/archive/goal-state-archive.js';
import { TimeMachine } from './time-machine.js';
import { WorldSnapshots } from './world-snapshots.js';

/**
 * A node whose hosts' streams go to an archive that writes a snapshot after nearly every diff
 * (`minSpacing` tiny), so reads start from snapshots as well as from the start of a file.
 */
const archivedNode = async (commands: readonly Command[], minSpacing: number) => {
  const node = await engineOn([]);
  await node.stop();
  const archive = new GoalStateArchive(join(node.dataDir, 'goal-states'), { minSpacing });
  const streams = new HostStreams(new GoalStates());
  streams.recordEach(archive);
  const audit = auditIndexIn(join(node.dataDir, 'audit'));
  const snapshots = new WorldSnapshots(join(node.dataDir, 'snapshots'), { minInterval: 7, eventsPerEntity: 0 });
  const restarted = await engineOn([streams, audit, snapshots], node.dataDir);
  const live = new Map<string, HostState[]>(HOSTS.map((h) => [h, [emptyHostState(h)]]));
  for (const host of HOSTS)
    streams.follow(host, (diff) => {
      const states = live.get(host)!;
      // applyDiff updates the state in place: keep a copy per position.
      const next = applyDiff(structuredClone(states[states.length - 1]), JSON.parse(diff.line));
      if (E.isRight(next)) states.push(next.right);
    });
  for (const c of setting) await restarted.run(c);
  for (const c of commands) await restarted.attempt(c);
  const machine = new TimeMachine(restarted.engine.store, () => restarted.engine.world, audit, snapshots, archive);
  /** What the host's live stream held at p. */
  const heldAt = (host: string, p: number) => [...live.get(host)!].reverse().find((s) => s.position <= p)!.goalState;
  /** The host's goal state computed from scratch on the fold of the log's first p events. */
  const foldedAt = async (host: string, p: number) => {
    const world = emptyWorld();
    for await (const event of restarted.engine.store.readAll(0, p)) evolve(world, recordedEvent(event));
    return goalStateFromScratch(world, host);
  };
  const close = async () => {
    await restarted.stop();
    await restarted.remove();
  };
  return { machine, archive, head: restarted.engine.world.position, heldAt, foldedAt, dataDir: node.dataDir, close };
};

describe('goal states in the past', () => {
  it('equal what the live stream held and the fold of the first p events, and the net change from p1 to p2 applied at p1 gives p2', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), fc.integer({ min: 0, max: 1000 }), fc.constantFrom(1, 400, 1 << 20), async (commands, pick, minSpacing) => {
        const node = await archivedNode(commands, minSpacing);
        try {
          const { machine, head } = node;
          const p1 = pick % (head + 1);
          const p2 = head - (pick % Math.max(1, head - p1));
          for (const host of HOSTS) {
            const atP1 = await machine.goalStateAt(host, p1);
            const atP2 = await machine.goalStateAt(host, p2);
            expect(atP1).toEqual(node.heldAt(host, p1));
            expect(atP2).toEqual(node.heldAt(host, p2));
            expect(atP1).toEqual(await node.foldedAt(host, p1));
            // From the archive itself, not from the world the time machine falls back to.
            expect((await node.archive.encodedGoalStateAt(host, p2))?.utf8.toString()).toBe(canonicalJson(atP2));
            const encoded = (await machine.encodedGoalStateChange(host, p1, p2)).utf8.toString();
            // From the archive, and the net change of the two goal states, byte for byte.
            expect((await node.archive.encodedGoalStateChange(host, p1, p2))?.utf8.toString()).toBe(encoded);
            expect(encoded).toBe(encodeOps(netChange(atP1, atP2)));
            const ops = JSON.parse(encoded) as Op[];
            const start: HostState = { ...emptyHostState(host), goalState: structuredClone(atP1) };
            const moved = applyDiff(start, { type: 'diff', hostId: host, seq: 1, position: p2, ops });
            expect(E.isRight(moved) && moved.right.goalState).toEqual(atP2);
          }
        } finally {
          await node.close();
        }
      }),
      { numRuns: 10 },
    );
  });

  it('are rebuilt from the world when the archive can no longer be written', async () => {
    const node = await archivedNode([], 1);
    try {
      // Gone from under the server (as a full disk would fail it): the next write fails, and reads go on from the world.
      await rm(join(node.dataDir, 'goal-states'), { recursive: true });
      for (const host of HOSTS) for (let p = 0; p <= node.head; p += 3) expect(await node.machine.goalStateAt(host, p)).toEqual(node.heldAt(host, p));
      expect(await node.archive.encodedGoalStateChange(HOSTS[0], 0, node.head)).toBeUndefined();
      // The net change too, from the world at both moments.
      for (const host of HOSTS)
        for (let p = 0; p <= node.head; p += 5) {
          const change = await node.machine.encodedGoalStateChange(host, p, node.head);
          expect(change.utf8.toString()).toBe(encodeOps(netChange(node.heldAt(host, p), node.heldAt(host, node.head))));
        }
      // A node that stops closes its archive, whose writes failed.
      await expect(node.archive.close()).resolves.toBeUndefined();
    } finally {
      await node.close();
    }
  });
});
