// Restarts a node on a data dir in a fresh process, as `serve` starts one, and stops it:
//   node --import tsx bench/restart-child.ts DATA_DIR
// prints one RestartResult as JSON on stdout. The stop writes a checkpoint when the start folded
// any event, so the next start on the same dir starts from it.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { startEngineNode } from '../node/node.js';
import { EmbeddedEventStore } from '../infra/store/index.js';

export interface RestartResult {
  readonly events: number;
  /** From the process's start of the open to the node ready to answer (every event applied). */
  readonly seconds: number;
  /** Of which the store's open (its indexes taken up from STORE-INDEX plus the tail, or rebuilt from every segment). */
  readonly storeOpenSeconds: number;
  /** The checkpoint it started from (0: it folded the whole log). */
  readonly startedFrom: number;
  readonly peakRssBytes: number;
  /** The checkpoint its stop wrote, if it wrote one: how long its capture held the event loop, and its state file's size. */
  readonly captureMs: number;
  /** Of which the copy between two events, and the longest slice of the serialization after it. */
  readonly copyMs: number;
  readonly longestSliceMs: number;
  readonly checkpointBytes: number;
  readonly told: readonly string[];
}

const dir = process.argv[2];
const told: string[] = [];
const started = performance.now();
const store = await EmbeddedEventStore.open(dir, { log: (line) => told.push(line) });
const storeOpenSeconds = (performance.now() - started) / 1000;
const node = await startEngineNode(store, dir, {}, {}, { log: (line) => told.push(line) });
const seconds = (performance.now() - started) / 1000;
const events = node.engine.world.position;
const { startedFrom } = node;
await node.stop();
await store.close();
const wrote = node.checkpoints.newest !== startedFrom;
const result: RestartResult = {
  events,
  seconds,
  storeOpenSeconds,
  startedFrom,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  captureMs: wrote ? node.checkpoints.captureMs : 0,
  copyMs: wrote ? node.checkpoints.holds.copyMs : 0,
  longestSliceMs: wrote ? node.checkpoints.holds.longestSliceMs : 0,
  checkpointBytes: wrote ? statSync(join(dir, 'checkpoints', `checkpoint-${node.checkpoints.newest}`, 'state.bin')).size : 0,
  told,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
