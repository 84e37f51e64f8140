import { createHash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GoalStates, canonicalJson, goalStateFromScratch } from '../projections/goal-state/index.js';
import { HostStreams, applyDiff, checksumOf, emptyHostState, encodeLine, hostStateOf, type Diff, type HostState } from '../southbound/index.js';
import { engineOn } from '../test-kit/engine-fixture.js';
import { command, HOSTS, setting } from '../test-kit/random-commands.js';
import { parameters } from './settings.js';

/** Host streams on a real engine, keeping every diff of every host and the goal state after each. */
const streamsOn = async (window: number) => {
  const streams = new HostStreams(new GoalStates(), { window });
  const harness = await engineOn([streams]);
  const diffs = new Map<string, Diff[]>(HOSTS.map((h) => [h, []]));
  const states = new Map<string, string[]>(HOSTS.map((h) => [h, [canonicalJson({})]]));
  for (const host of HOSTS)
    streams.follow(host, (encoded) => {
      diffs.get(host)!.push(JSON.parse(encoded.line));
      states.get(host)!.push(canonicalJson(streams.goalStates.goalState(host)));
    });
  return { streams, harness, diffs, states };
};

const replayFrom = (start: HostState, diffs: readonly Diff[]): HostState => {
  let state = structuredClone(start);
  for (const diff of diffs) {
    const next = applyDiff(state, diff);
    if (E.isLeft(next)) throw new Error(`gap: ${JSON.stringify(next.left)}`);
    state = next.right;
  }
  return state;
};

describe('property 5: diffs', () => {
  it('applied from any snapshot k′ give the snapshot at k; seqs are dense; a host hears only of real changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 40 }), fc.nat(), async (commands, pick) => {
        const { harness, diffs, states } = await streamsOn(1000);
        try {
          for (const c of setting) await harness.run(c);
          for (const c of commands) await harness.attempt(c);
          for (const host of HOSTS) {
            const hostDiffs = diffs.get(host)!;
            const held = states.get(host)!;
            expect(hostDiffs.map((d) => d.seq)).toEqual(hostDiffs.map((_, i) => i + 1));
            // Every diff changes the goal state: no empty diff, no diff that leaves it as it was.
            for (let k = 1; k <= hostDiffs.length; k++) {
              expect(hostDiffs[k - 1].ops.length).toBeGreaterThan(0);
              expect(held[k]).not.toBe(held[k - 1]);
            }
            const k = hostDiffs.length;
            const from = k === 0 ? 0 : pick % (k + 1);
            const snapshotAt = (seq: number): HostState => ({ ...emptyHostState(host), seq, goalState: JSON.parse(held[seq]) });
            const replayed = replayFrom(snapshotAt(from), hostDiffs.slice(from));
            expect(canonicalJson(replayed.goalState)).toBe(held[k]);
            expect(replayed.seq).toBe(k);
          }
        } finally {
          await harness.stop();
          await harness.remove();
        }
      }),
      parameters(25),
    );
  });
});

describe('property 5, snapshots', () => {
  it('a snapshot asked for after any command, made from the one asked for before and the diffs since, is the goal state from scratch; one still being sent keeps its bytes', async () => {
    const asking = fc.array(fc.record({ host: fc.constantFrom(...HOSTS), sentAt: fc.nat(3) }), { maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 40 }), fc.array(asking, { minLength: 40, maxLength: 40 }), async (commands, asked) => {
        const { streams, harness } = await streamsOn(0);
        // Snapshots being sent: their bytes as they were made, and after how many more commands they are done with.
        const sending: { pieces: readonly Buffer[]; release: () => void; text: string; commandsLeft: number }[] = [];
        try {
          for (const c of setting) await harness.run(c);
          for (const [i, c] of commands.entries()) {
            await harness.attempt(c);
            for (const { host, sentAt } of asked[i]) {
              const goalState = goalStateFromScratch(harness.engine.world, host);
              const position = streams.goalStates.position;
              const expected = encodeLine({ type: 'snapshot', hostId: host, seq: streams.seqOf(host), position, checksum: checksumOf(goalState), goal_state: goalState });
              const { pieces, release } = streams.snapshotLine(host);
              expect(Buffer.concat(pieces).toString()).toBe(expected);
              sending.push({ pieces, release, text: expected, commandsLeft: sentAt });
            }
            for (const sent of sending) expect(Buffer.concat(sent.pieces).toString()).toBe(sent.text);
            for (const sent of sending.filter((s) => s.commandsLeft-- === 0)) sent.release();
            sending.splice(0, sending.length, ...sending.filter((s) => s.commandsLeft >= 0));
          }
        } finally {
          await harness.stop();
          await harness.remove();
        }
      }),
      parameters(25),
    );
  });
});

describe('property 5, digests', () => {
  it("a stream's digest read right after any event of a burst is sha256 of every line of its host so far", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 40 }), async (commands) => {
        const streams = new HostStreams(new GoalStates());
        const lines = new Map<string, string[]>(HOSTS.map((h) => [h, []]));
        for (const host of HOSTS) streams.follow(host, (diff) => lines.get(host)!.push(diff.line));
        const misses: string[] = [];
        // Folded after the streams, in the same turn as each event's lines: the digests' thread has had no time to catch up by itself.
        const reader = {
          apply: () => {
            const { hosts } = streams.digests();
            for (const [host, held] of lines)
              if (held.length > 0 && hosts[host] !== createHash('sha256').update(held.join('')).digest('hex')) misses.push(`${host} after ${held.length} lines`);
          },
        };
        const harness = await engineOn([streams, reader]);
        try {
          for (const c of setting) await harness.run(c);
          // All at once, so their events are folded back to back.
          await Promise.all(commands.map((c) => harness.attempt(c)));
          expect(misses).toEqual([]);
        } finally {
          await harness.stop();
          await harness.remove();
        }
      }),
      parameters(15),
    );
  });
});

describe('property 6: resume', () => {
  it('an agent that disconnects after any diff and resumes from its seq (or too late, from a snapshot) ends equal to the server', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { minLength: 10, maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.nat(), { minLength: HOSTS.length, maxLength: HOSTS.length }),
        async (commands, window, cuts) => {
          const { streams, harness, diffs } = await streamsOn(window);
          try {
            for (const c of setting) await harness.run(c);
            // Each agent follows its host until its cut, then is away while the rest of the commands run.
            const agents = new Map<string, HostState>();
            const half = Math.floor(commands.length / 2);
            for (const c of commands.slice(0, half)) await harness.attempt(c);
            for (const [i, host] of HOSTS.entries()) {
              const seen = diffs.get(host)!;
              const cut = seen.length === 0 ? 0 : cuts[i] % (seen.length + 1);
              agents.set(host, replayFrom(emptyHostState(host), seen.slice(0, cut)));
            }
            for (const c of commands.slice(half)) await harness.attempt(c);
            for (const host of HOSTS) {
              const agent = agents.get(host)!;
              const missed = streams.diffsAfter(host, agent.seq);
              const resumed =
                missed === undefined
                  ? hostStateOf(streams.snapshot(host))
                  : replayFrom(agent, missed.map((d) => JSON.parse(d.line) as Diff));
              expect(resumed.seq).toBe(streams.seqOf(host));
              expect(checksumOf(resumed.goalState)).toBe(streams.checksumOf(host));
            }
          } finally {
            await harness.stop();
            await harness.remove();
          }
        },
      ),
      parameters(25),
    );
  });
});
