import { join } from 'node:path';
import type { EventStore } from '../domain/index.js';
import type { AppOptions } from '../api/app.js';
import { GoalStates } from '../projections/goal-state/index.js';
import { IdempotencyKeys } from '../projections/index.js';
import { HostStreams } from '../southbound/index.js';
import { Engine, type EngineOptions } from '../engine/index.js';
import { logIdentityOf } from '../infra/store/log-identity.js';
import { historyOf, type HistoryOptions } from './history.js';
import { Checkpoints, newestCheckpoint, type CheckpointOptions, type LoadedCheckpoint } from './checkpoint/checkpoints.js';
import { checkpointFoldStart } from './checkpoint/fold-start.js';

/** The node's folds, new or taken up from a checkpoint (this throws if the data dir's files do not match it). */
const foldsOf = async (store: EventStore, dataDir: string, historyOptions: HistoryOptions, checkpoint?: LoadedCheckpoint) => {
  const saved = checkpoint?.saved;
  const history = await historyOf(dataDir, store, historyOptions, saved && { ...saved.audit, runsIn: checkpoint.runsIn });
  if (checkpoint && history.archive.heldAtOpen < checkpoint.position) {
    await history.close();
    throw new Error(`the goal-state archive holds diffs up to position ${history.archive.heldAtOpen} only`);
  }
  const southbound = new HostStreams(new GoalStates(saved?.goalStates), {}, saved?.streams);
  return { history, southbound, idempotencyKeys: new IdempotencyKeys(saved?.idempotencyKeys), world: saved?.world };
};

/**
 * Everything one node folds from the log (the world, the audit index, world snapshots, the hosts'
 * goal states, their southbound streams and the streams' archive) wired in one place, so the
 * server and the tests run the same node. A write's path: the engine appends and folds each event
 * into the projections, the goal states' changes become the host streams' diffs, and the streams
 * hand every diff to the archive. It starts from the newest usable checkpoint in the data dir's
 * `checkpoints/` and folds the log after it, or from the log's start if there is none; it writes
 * checkpoints as it goes, and a last one when it stops.
 */
export const startEngineNode = async (
  store: EventStore,
  dataDir: string,
  engineOptions: EngineOptions = {},
  historyOptions: HistoryOptions = {},
  checkpointOptions: CheckpointOptions = {},
) => {
  const { log } = checkpointOptions;
  const identity = logIdentityOf(store);
  const checkpointDir = join(dataDir, 'checkpoints');
  const checkpoint = checkpointOptions.enabled === false ? undefined : await newestCheckpoint(checkpointDir, identity, log);
  let resumed: Awaited<ReturnType<typeof foldsOf>> | undefined;
  if (checkpoint)
    try {
      resumed = await foldsOf(store, dataDir, historyOptions, checkpoint);
    } catch (error) {
      log?.(`checkpoint at position ${checkpoint.position} not taken up (${error instanceof Error ? error.message : String(error)}): folding the log from its start`);
    }
  const { history, southbound, idempotencyKeys, world } = resumed ?? (await foldsOf(store, dataDir, historyOptions));
  southbound.recordEach(history.archive);
  let engine: Engine | undefined;
  const checkpoints = new Checkpoints(
    checkpointDir,
    {
      goalStates: southbound.goalStates,
      streams: southbound,
      audit: history.audit,
      idempotencyKeys,
      following: () => engine?.failed === undefined,
      archiveSettled: (position) => history.archive.settledThrough(position),
      stampAt: identity.stampAt,
    },
    checkpointOptions,
    resumed && checkpoint?.position,
  );
  engine = await Engine.start(store, [...history.projections, idempotencyKeys, southbound, checkpoints], engineOptions, world);
  const started = engine;
  const timeMachine = history.timeMachine(() => started.world);
  /** What buildApp needs besides auth, logger and metrics. */
  const app: Pick<AppOptions, 'engine' | 'idempotencyKeys' | 'timeMachine' | 'southbound'> = { engine: started, idempotencyKeys, timeMachine, southbound: { streams: southbound } };
  /** Stops the engine, writes a last checkpoint, then lets the files it feeds finish their writes (the store stays open: it is the caller's). */
  const stop = async () => {
    await started.stop();
    await checkpoints.close();
    await history.close();
  };
  /** The newest checkpoint afresh at each call, as a fold of the node's own for another reader (the Kafka publisher). */
  const foldStart = checkpointOptions.enabled === false ? undefined : checkpointFoldStart(checkpointDir, identity, log ?? (() => undefined));
  return { engine: started, southbound, history, timeMachine, app, stop, checkpoints, foldStart, startedFrom: resumed ? checkpoint!.position : 0 };
};
