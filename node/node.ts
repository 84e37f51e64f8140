import type { EventStore } from '../domain/index.js';
import type { AppOptions } from '../api/app.js';
import { HostStreams, type HostStreamsOptions } from '../southbound/index.js';
import { Engine, type EngineOptions } from '../engine/index.js';
import { historyOf } from '../history/history.js';

/**
 * Everything one node folds from the log (the world, the audit index, world snapshots, the hosts'
 * southbound streams and their archive) wired in one place, so the server and the tests run the same node.
 */
export const startEngineNode = async (store: EventStore, dataDir: string, engineOptions: EngineOptions = {}, streamsOptions: HostStreamsOptions = {}) => {
  const history = historyOf(dataDir);
  const southbound: HostStreams = new HostStreams(undefined, {
    ...streamsOptions,
    onDiff: (hostId, diff, ops) => {
      history.archive.record(hostId, diff, ops, southbound);
      streamsOptions.onDiff?.(hostId, diff, ops);
    },
  });
  const engine = await Engine.start(store, [...history.projections, southbound], engineOptions);
  const timeMachine = history.timeMachine(store, () => engine.world);
  /** What buildApp needs besides auth, logger and metrics. */
  const app: Pick<AppOptions, 'engine' | 'timeMachine' | 'southbound'> = { engine, timeMachine, southbound: { streams: southbound } };
  /** Stops the engine, then lets the files it feeds finish their writes (the store stays open: it is the caller's). */
  const stop = async () => {
    await engine.stop();
    await history.close();
  };
  return { engine, southbound, history, timeMachine, app, stop };
};
