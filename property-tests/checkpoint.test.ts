import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../domain/index.js';
import { EmbeddedEventStore } from '../infra/store/index.js';
import { startEngineNode } from '../node/node.js';
import type { CheckpointOptions } from '../node/checkpoint/checkpoints.js';
import { context } from '../test-kit/engine-fixture.js';
import { command, HOSTS, setting } from '../test-kit/random-commands.js';
import { parameters } from './settings.js';
import { snapshot } from './support/snapshot.js';

/** A whole node on the data dir `dir` (its checkpoints in `dir/checkpoints`), with what it told of them. */
const nodeOn = async (dir: string, checkpoints: CheckpointOptions = {}) => {
  const store = await EmbeddedEventStore.open(dir);
  const told: string[] = [];
  // Tiny audit blocks and buffers, so the checkpoint names run files and whole blocks of rows.
  const node = await startEngineNode(store, dir, {}, { audit: { blockRows: 4, bufferEntries: 8, blockEntries: 2 } }, { ...checkpoints, log: (line) => told.push(line) });
  return {
    node,
    told,
    /** Every third command under an Idempotency-Key, so the keys' index is in the checkpoints too. */
    run: async (commands: readonly Command[]) => {
      for (const c of commands) {
        const base = context();
        await node.engine.execute(c, Number(base.commandId.split('-')[1]) % 3 === 0 ? { ...base, idempotencyKey: `key-${base.commandId}` } : base);
      }
    },
    stop: async () => {
      await node.stop();
      await store.close();
    },
  };
};

/**
 * The world as text, every map and set in its order, every field in its order: two worlds with
 * the same text are the same state. (V8's own bytes are not: they tell packed arrays from holey
 * ones, which a fold and a deserialization make differently.)
 */
const worldText = (world: unknown): string =>
  JSON.stringify(world, (_key, value: unknown) =>
    value instanceof Map ? { map: [...value] } : value instanceof Set ? { set: [...value] } : typeof value === 'bigint' ? { bigint: value.toString() } : value,
  );

/** Everything a node serves from its folds: the world (views and its text), every host's stream (digests, checksums, snapshots, kept diffs), the Idempotency-Keys, the audit index. */
const observed = ({ node }: Awaited<ReturnType<typeof nodeOn>>) => {
  const { engine, southbound, history } = node;
  const resources = [...engine.world.portNetwork.keys(), ...engine.world.networks.keys(), ...engine.world.securityGroups.keys()].sort();
  return {
    world: snapshot(engine.world),
    worldText: worldText(engine.world),
    digests: southbound.digests(),
    hosts: HOSTS.map((h) => ({
      checksum: southbound.checksumOf(h),
      snapshot: Buffer.concat(southbound.snapshotLine(h).pieces).toString(),
      kept: southbound.diffsAfter(h, 0)?.map((diff) => diff.line),
      arrivals: [...southbound.arrivals.of(h)],
    })),
    idempotencyKeys: [...node.app.idempotencyKeys!.saved()],
    audit: {
      all: [...history.audit.matching({}, false)],
      byResource: resources.map((id) => [id, [...history.audit.matching({ resourceId: id }, true)]]),
    },
  };
};

/** What a node serves started from the checkpoint at `at` (the newest in `dir`), then with the checkpoints removed, folding the whole log. */
const restartedBothWays = async (dir: string, at: number) => {
  const resumed = await nodeOn(dir);
  expect(resumed.told).toEqual([]);
  expect(resumed.node.startedFrom).toBe(at);
  const fromCheckpoint = observed(resumed);
  await resumed.stop();

  await rm(join(dir, 'checkpoints'), { recursive: true });
  const full = await nodeOn(dir);
  expect(full.node.startedFrom).toBe(0);
  const fromScratch = observed(full);
  await full.stop();
  return { fromCheckpoint, fromScratch };
};

describe('property 11: a checkpoint plus the tail of the log is the full fold', () => {
  it('a node started from a checkpoint taken at a random position serves, byte for byte, what a node folding the whole log serves', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 60 }), fc.nat(), async (commands, pick) => {
        const cut = pick % (commands.length + 1);
        const dir = await mkdtemp(join(tmpdir(), 'netledger-checkpoint-'));
        const checkpoints = join(dir, 'checkpoints');
        try {
          // The first part, then a stop: its last checkpoint is at the cut.
          const first = await nodeOn(dir);
          await first.run([...setting, ...commands.slice(0, cut)]);
          const at = first.node.engine.world.position;
          await first.stop();

          // The rest, live on a node taken up from it; its own last checkpoint is then removed, so the next start folds the rest from the log.
          const second = await nodeOn(dir);
          expect(first.told).toEqual([]);
          expect(second.told).toEqual([]);
          expect(second.node.startedFrom).toBe(at);
          await second.run(commands.slice(cut));
          const live = observed(second);
          await second.stop();
          const end = live.world.position;
          if (end > at) await rm(join(checkpoints, `checkpoint-${end}`), { recursive: true });
          expect(await readdir(checkpoints)).toEqual([`checkpoint-${at}`]);

          const { fromCheckpoint, fromScratch } = await restartedBothWays(dir, at);
          expect(fromCheckpoint).toEqual(fromScratch);
          expect(live).toEqual(fromScratch);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      parameters(15),
    );
  });

  it('a checkpoint serialized in slices while the node folds on holds the state of its position, not of the events folded meanwhile', async () => {
    let interleaved = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 60 }), async (commands) => {
        const dir = await mkdtemp(join(tmpdir(), 'netledger-checkpoint-'));
        const checkpoints = join(dir, 'checkpoints');
        try {
          // A checkpoint after every event the duty allows, serialized a piece per turn of the loop.
          const first = await nodeOn(dir, { everyEvents: 1, maxDuty: 1, sliceMs: 0 });
          await first.run(setting);
          // In flight together: their events fold between the slices of the checkpoint being written.
          await Promise.all(commands.map((c) => first.run([c])));
          await first.node.checkpoints.settled();
          const at = first.node.checkpoints.newest;
          const end = first.node.engine.world.position;
          await first.stop();
          expect(first.told).toEqual([]);
          if (at < end) interleaved += 1;
          if (end > at) await rm(join(checkpoints, `checkpoint-${end}`), { recursive: true });

          const { fromCheckpoint, fromScratch } = await restartedBothWays(dir, at);
          expect(fromCheckpoint).toEqual(fromScratch);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      parameters(10),
    );
    // The property says something only where the node folded past the checkpoint it was writing.
    expect(interleaved).toBeGreaterThan(0);
  });
});
