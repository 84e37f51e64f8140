import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { decide, emptyWorld, evolve, type Command, type RecordedEvent } from '../domain/index.js';
import { createNetwork, createSubnet } from '../test-kit/commands.js';
import { TEST_METADATA } from '../test-kit/decider-spec.js';
import { WorldSnapshots } from './world-snapshots.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const port = (id: string, entropy: number): Command => ({
  type: 'CreatePorts',
  ports: [
    {
      id, network_id: 'n1', project_id: 'p', name: '', description: '', admin_state_up: true, device_id: '', device_owner: '',
      port_security_enabled: false, 'binding:host_id': '', 'binding:vnic_type': 'normal', tags: [], mac_entropy: String(entropy),
    },
  ],
});

/** The world as text, every map and set in its order. */
const text = (world: unknown): string => JSON.stringify(world, (_k, v) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : typeof v === 'bigint' ? String(v) : v));

describe('world snapshots', () => {
  it('load as the world at their position, though events keep folding into it between the slices of their serialization', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'netledger-snapshots-'));
    dirs.push(dir);
    // Slices of one piece each: the serialization of a snapshot spans many events.
    const snapshots = new WorldSnapshots(dir, { minInterval: 10, eventsPerEntity: 0, sliceMs: 0 });
    const commands: Command[] = [createNetwork('n1', { name: 'n' }), createSubnet('s1', 'n1', '10.0.0.0/24')];
    for (let i = 0; i < 150; i++) commands.push(port(`port-${i}`, i));
    for (let i = 0; i < 150; i += 3) commands.push({ type: 'UpdatePort', id: `port-${i}`, changes: { name: `renamed-${i}` } });
    for (let i = 0; i < 150; i += 2) commands.push({ type: 'DeletePort', id: `port-${i}` });

    const world = emptyWorld();
    const folds = new Map<number, string>();
    /** For each snapshot, how far the fold had got once it was written. */
    const foldedBy = new Map<number, number>();
    for (const command of commands) {
      const decision = decide(command, world, TEST_METADATA);
      if (E.isLeft(decision)) throw new Error(`${command.type} was refused: ${decision.left.message}`);
      for (const append of decision.right) {
        let revision = world.streamRevisions.get(append.stream) ?? -1;
        for (const event of append.events) {
          const recorded = { ...event, metadata: TEST_METADATA, stream: append.stream, revision: ++revision, position: world.position + 1 } as RecordedEvent;
          evolve(world, recorded);
          snapshots.apply(recorded, world);
          folds.set(world.position, text(world));
          // A turn of the loop between two events, as a node's fold has: a slice may run in it.
          await setImmediate();
          const newest = snapshots.nearest(world.position)?.position;
          if (newest !== undefined && !foldedBy.has(newest)) foldedBy.set(newest, world.position);
        }
      }
    }
    await snapshots.settled();

    const taken = new Set([...folds.keys()].map((position) => snapshots.nearest(position)?.position).filter((position) => position !== undefined));
    expect(taken.size).toBe(snapshots.count);
    expect(snapshots.count).toBeGreaterThanOrEqual(3);
    // Each written while the fold went on (the last may have been finished by `settled`).
    expect(foldedBy.size).toBeGreaterThanOrEqual(snapshots.count - 1);
    for (const [position, folded] of foldedBy) expect(folded, `events folded while the snapshot at ${position} was written`).toBeGreaterThan(position + 5);
    for (const position of taken) expect(text(snapshots.nearest(position)!.load()), `the snapshot at ${position}`).toBe(folds.get(position));
  });
});
