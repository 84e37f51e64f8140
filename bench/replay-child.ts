// Replays a log in a fresh process, so its peak resident memory is the replay's alone:
//   node --expose-gc --import tsx bench/replay-child.ts DATA_DIR
// prints one ReplayResult as JSON on stdout.
import { startEngineNode } from '../node/node.js';
import { EmbeddedEventStore } from '../infra/store/index.js';

export interface ReplayResult {
  readonly events: number;
  readonly seconds: number;
  readonly peakRssBytes: number;
  /** Resident memory before opening the log and after the replay, both after a full GC. */
  readonly baselineRssBytes: number;
  readonly liveRssBytes: number;
  readonly livePorts: number;
  readonly hostsWithGoalStates: number;
}

const collect = () => (globalThis as { gc?: () => void }).gc?.();

const dir = process.argv[2];
collect();
const baselineRssBytes = process.memoryUsage().rss;
const started = performance.now();
const store = await EmbeddedEventStore.open(dir);
// A replay: the whole log, whatever checkpoint the data dir holds.
const node = await startEngineNode(store, dir, {}, {}, { enabled: false });
const seconds = (performance.now() - started) / 1000;
collect();
const result: ReplayResult = {
  events: node.engine.world.position,
  seconds,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  baselineRssBytes,
  liveRssBytes: process.memoryUsage().rss,
  livePorts: node.engine.world.portNetwork.size,
  hostsWithGoalStates: node.southbound.goalStates.hostIds().length,
};
await node.stop();
await store.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
