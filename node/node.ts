import type { EventStore } from '../domain/index.js';
import type { AppOptions } from '../api/app.js';
import { GoalStates } from '../projections/goal-state/index.js';
import { IdempotencyKeys } from '../projections/index.js';
import { HostStreams } from '../southbound/index.js';
import { Engine, type EngineOptions } from '../engine/index.js';
import { historyOf, type HistoryOptions } from './history.js';

/**
 * Everything one node folds from the log (the world, the audit index, world snapshots, the hosts'
 * goal states, their southbound streams and the streams' archive) wired in one place, so the
 * server and the tests run the same node. A write's path: the engine appends and folds each event
 * into the projections, the goal states' changes become the host streams' diffs, and the streams
 * hand every diff to the archive.
 */
export const startEngineNode = async (store: EventStore, dataDir: string, engineOptions: EngineOptions = {}, historyOptions: HistoryOptions = {}) => {
  const history = await historyOf(dataDir, store, historyOptions);
  const southbound = new HostStreams(new GoalStates());
  southbound.recordEach(history.archive);
  const idempotencyKeys = new IdempotencyKeys();
  const engine = await Engine.start(store, [...history.projections, idempotencyKeys, southbound], engineOptions);
  const timeMachine = history.timeMachine(() => engine.world);
  /** What buildApp needs besides auth, logger and metrics. */
  const app: Pick<AppOptions, 'engine' | 'idempotencyKeys' | 'timeMachine' | 'southbound'> = { engine, idempotencyKeys, timeMachine, southbound: { streams: southbound } };
  /** Stops the engine, then lets the files it feeds finish their writes (the store stays open: it is the caller's). */
  const stop = async () => {
    await engine.stop();
    await history.close();
  };
  return { engine, southbound, history, timeMachine, app, stop };
};
