// node --expose-gc --import tsx bench/audit-heap.ts [events]
import * as E from 'fp-ts/lib/Either.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decide, emptyWorld, evolve, type Command, type RecordedEvent, type World } from '../domain/index.js';
import { createNetwork, createPort, createSubnet } from '../test-kit/commands.js';
import type { Projection } from '../projections/index.js';
import { auditIndexIn } from '../infra/audit/audit-files.js';

/**
 * Retained memory (heap and array buffers) per event of history: ports created and deleted (the soak's load, the live set
 * constant) folded in process through the world and the audit index, heap measured after forced
 * collections. Run with node --expose-gc.
 */
const events = Number(process.argv[2] ?? 200_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const heap = () => {
  for (let i = 0; i < 3; i++) gc();
  // Typed arrays and buffers live outside the JS heap: count them too.
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

const actor = { projectId: 'p', userId: 'soak' };
const fold = (world: World, projections: readonly Projection[], command: Command, n: number): void => {
  const metadata = { commandId: `c-${n}`, correlationId: `c-${n}`, actor, decidedAt: new Date(Date.UTC(2026, 10, 22) + n).toISOString() };
  const decision = decide(command, world, metadata);
  if (E.isLeft(decision)) throw new Error(JSON.stringify(decision.left));
  for (const append of decision.right)
    for (const [i, event] of append.events.entries()) {
      const recorded = { ...event, metadata, position: world.position + 1, stream: append.stream, revision: i } as RecordedEvent;
      evolve(world, recorded);
      for (const projection of projections) projection.apply(recorded, world);
    }
};

/** Memory after `events` events of creates and deletes (1,000 live ports) over the memory before, per event. */
const retained = async (withHistory: boolean): Promise<number> => {
  const dir = await mkdtemp(join(tmpdir(), 'netledger-audit-heap-'));
  const audit = auditIndexIn(join(dir, 'audit'));
  const world = emptyWorld();
  const projections = withHistory ? [audit] : [];
  fold(world, projections, createNetwork('n1'), 0);
  fold(world, projections, createSubnet('s1', 'n1', '10.0.0.0/16'), 1);
  for (let n = 0; n < 1_000; n++) fold(world, projections, createPort(`port-${n}`, 'n1', { mac_entropy: String(n) }), n);
  const before = heap();
  const start = world.position;
  for (let n = 1_000; world.position - start < events; n++) {
    fold(world, projections, { type: 'DeletePort', id: `port-${n - 1_000}` }, n);
    fold(world, projections, createPort(`port-${n}`, 'n1', { mac_entropy: String(n) }), n);
  }
  const after = heap();
  // Read after the measure, so neither is collected before it.
  const folded = withHistory ? audit.size : world.position;
  await rm(dir, { recursive: true, force: true });
  return folded > 0 ? (after - before) / (world.position - start) : 0;
};

const world = await retained(false);
const audit = await retained(true);
console.log(`${events.toLocaleString('en-US')} events: world ${world.toFixed(1)} bytes/event, world + audit index ${audit.toFixed(1)} bytes/event`);
