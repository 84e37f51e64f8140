import { join } from 'node:path';
import type { EventStore, World } from '../domain/index.js';
import { auditIndexIn, type AuditFileOptions, type ResumedAudit } from '../infra/audit/audit-files.js';
import { logIdentityOf } from '../infra/store/log-identity.js';
import { discardArchiveNotOf, GoalStateArchive } from '../southbound/archive/goal-state-archive.js';
import { TimeMachine } from '../history/time-machine.js';
import { discardSnapshotsNotOf, WorldSnapshots, type WorldSnapshotOptions } from '../history/world-snapshots.js';
import type { RebuildLimits } from '../history/rebuild-queue.js';

export interface HistoryOptions {
  /** How many as-of world rebuilds run and wait at once. */
  readonly rebuildLimits?: RebuildLimits;
  /** How often world snapshots are taken (tests take them often). */
  readonly snapshots?: Omit<WorldSnapshotOptions, 'stampAt' | 'onRefused'>;
  /** Told when derived data in the data dir is not of the log (or a snapshot holds no world), and why: it is removed and rebuilt. */
  readonly onRebuilt?: (folder: string, reason: string) => void;
  /** The audit index's block and buffer sizes (tests make them tiny). */
  readonly audit?: Omit<AuditFileOptions, 'logId'>;
}

/**
 * The projections behind as-of reads and the audit API, for a node whose data lives in `dataDir`
 * (the audit index goes to its `audit/` folder, world snapshots to `snapshots/`, hosts' streams
 * to `goal-states/`): hand `projections` to Engine.start and `archive` to the host streams'
 * recordEach, then ask for the time machine once the engine runs (its world rebuilds limited by `rebuildLimits`).
 * Each of them records the log's id and where it stands in the log; what does not match the log
 * as it is now (another log's, past its head, of a timeline an older copy of the log no longer
 * holds) is removed first, so that the fold at start writes it again from this log. A node
 * started from a checkpoint takes its audit index up from there (`resumedAudit`; this throws if
 * the audit files do not match it).
 */
export const historyOf = async (dataDir: string, store: EventStore, options: HistoryOptions = {}, resumedAudit?: ResumedAudit) => {
  const log = logIdentityOf(store);
  const stampAt = log.stampAt;
  for (const [folder, discard] of [['goal-states', discardArchiveNotOf], ['snapshots', discardSnapshotsNotOf]] as const) {
    const reason = await discard(join(dataDir, folder), log);
    if (reason !== undefined) options.onRebuilt?.(join(dataDir, folder), reason);
  }
  const audit = auditIndexIn(join(dataDir, 'audit'), { ...options.audit, logId: await store.logId() }, resumedAudit);
  const snapshots = new WorldSnapshots(join(dataDir, 'snapshots'), { ...options.snapshots, stampAt, onRefused: options.onRebuilt });
  const archive = new GoalStateArchive(join(dataDir, 'goal-states'), { stampAt });
  return {
    audit,
    snapshots,
    archive,
    projections: [audit, snapshots] as const,
    timeMachine: (live: () => World) => new TimeMachine(store, live, audit, snapshots, archive, options.rebuildLimits),
    /** Once the engine stopped: the snapshot and the archive's writes finish, so the data dir may be reopened or removed. */
    close: async () => {
      await snapshots.settled();
      await archive.close();
    },
  };
};
