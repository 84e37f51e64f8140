import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordedEvent, emptyWorld, evolve, type Command } from '../../domain/index.js';
import { GoalStates, canonicalJson, goalStateFromScratch, netChange, type GoalStateDocument } from '../../projections/goal-state/index.js';
import { encodeOps, HostStreams } from '../index.js';
import { engineOn } from '../../test-kit/engine-fixture.js';
import { command, HOSTS, setting } from '../../test-kit/random-commands.js';
import { GoalStateArchive } from './goal-state-archive.js';
import { framesOf } from './frames.js';
import { streamFileOf } from './host-stream-files.js';

const MIN_SPACING = 300;

/** Folds the log in `dataDir` (running `commands` on it first) into host streams archived in `archiveDir`. */
const archiving = async (dataDir: string, archiveDir: string, commands: readonly Command[] = [], minSpacing = MIN_SPACING) => {
  const archive = new GoalStateArchive(archiveDir, { minSpacing });
  const streams = new HostStreams(new GoalStates());
  streams.recordEach(archive);
  const node = await engineOn([streams], dataDir);
  for (const c of commands) await node.attempt(c);
  return { archive, node };
};

/**
 * The diff records of every host's file: frames fall where flushes fell and snapshots where the
 * event loop had a turn, so only the diffs are the same from one run to another.
 */
const streamsIn = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((name) => name.endsWith('.ndjson'))
      .map((name) => [name, Buffer.concat([...framesOf(readFileSync(join(dir, name)))]).toString().split(/^(?=@)/m).filter((record) => record.startsWith('@diff '))]),
  );

describe('the goal-state archive across a restart', () => {
  it('cuts its files back to the last mark, skips what they hold, and ends holding the same diffs as an archive built from nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 40 }), fc.nat(), async (commands, cut) => {
        const first = await engineOn([]);
        await first.stop();
        const dir = first.dataDir;
        try {
          const half = cut % commands.length;
          // Before the crash: a mark after the first half, then diffs the crash loses, and a torn write past the mark.
          const before = await archiving(dir, join(dir, 'goal-states'), [...setting, ...commands.slice(0, half)]);
          await before.archive.settled();
          for (const c of commands.slice(half)) await before.node.attempt(c);
          await before.node.stop();
          appendFileSync(join(dir, 'goal-states', streamFileOf(HOSTS[0])), Buffer.from([0, 0, 0, 9, 1, 2]));

          const restarted = await archiving(dir, join(dir, 'goal-states'));
          await restarted.archive.settled();
          const head = restarted.node.engine.world.position;
          const world = emptyWorld();
          for await (const event of restarted.node.engine.store.readAll(0)) {
            evolve(world, recordedEvent(event));
            for (const host of HOSTS) expect((await restarted.archive.encodedGoalStateAt(host, event.position))?.utf8.toString()).toBe(canonicalJson(goalStateFromScratch(world, host)));
          }
          expect(world.position).toBe(head);
          await restarted.node.stop();

          const fresh = await archiving(dir, join(dir, 'fresh'));
          await fresh.archive.settled();
          await fresh.node.stop();
          expect(streamsIn(join(dir, 'goal-states'))).toEqual(streamsIn(join(dir, 'fresh')));
        } finally {
          await first.remove();
        }
      }),
      { numRuns: 8 },
    );
  });
});

describe('goal-state archive reads', () => {
  it('answer right while the writes of an earlier read are still under way', async () => {
    const first = await engineOn([]);
    await first.stop();
    // A snapshot after nearly every diff: reads find snapshots whose frames are not written yet.
    const commands = [...setting, ...fc.sample(command, { numRuns: 40, seed: 7 })];
    const { archive, node } = await archiving(first.dataDir, join(first.dataDir, 'goal-states'), commands, 1);
    try {
      const world = emptyWorld();
      const expected: { host: string; position: number; encoded: string }[] = [];
      for await (const event of node.engine.store.readAll(0)) {
        evolve(world, recordedEvent(event));
        for (const host of HOSTS) expected.push({ host, position: event.position, encoded: canonicalJson(goalStateFromScratch(world, host)) });
      }
      // All at once: the first read writes what waits; the others find nothing waiting but those writes not done.
      const answers = await Promise.all(expected.map(({ host, position }) => archive.encodedGoalStateAt(host, position)));
      expect(answers.map((answer) => answer?.utf8.toString())).toEqual(expected.map(({ encoded }) => encoded));
      // Read again, two at a time with a net change beside them, each answer released once read:
      // the memory of answers is used again, and a read must never see another's bytes.
      answers.forEach((answer) => answer?.release());
      const encodedAt = new Map(expected.map(({ host, position, encoded }) => [`${host}@${position}`, encoded]));
      const documentAt = (host: string, position: number) => JSON.parse(encodedAt.get(`${host}@${position}`) ?? '{}') as GoalStateDocument;
      for (let i = 0; i < expected.length; i += 2) {
        const pair = expected.slice(i, i + 2);
        const [{ host, position: from }, { position: to } = pair[0]] = pair;
        const [again, change] = await Promise.all([
          Promise.all(pair.map(({ host, position }) => archive.encodedGoalStateAt(host, position))),
          archive.encodedGoalStateChange(host, from, to),
        ]);
        expect(again.map((answer) => answer?.utf8.toString())).toEqual(pair.map(({ encoded }) => encoded));
        expect(change?.utf8.toString()).toBe(encodeOps(netChange(documentAt(host, from), documentAt(host, to))));
        for (const answer of [...again, change]) {
          answer?.release();
          answer?.release();
        }
      }
    } finally {
      await node.stop();
      await node.remove();
    }
  });
});
