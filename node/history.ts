import { join } from 'node:path';
import type { EventStore, World } from '../domain/index.js';
import { auditIndexIn } from '../infra/audit/audit-files.js';
import { GoalStateArchive } from '../southbound/archive/goal-state-archive.js';
import { TimeMachine } from '../history/time-machine.js';
import { WorldSnapshots } from '../history/world-snapshots.js';
import type { RebuildLimits } from '../history/rebuild-queue.js';

/**
 * The projections behind as-of reads and the audit API, for a node whose data lives in `dataDir`
 * (the audit index goes to its `audit/` folder, world snapshots to `snapshots/`, hosts' streams
 * to `goal-states/`): hand `projections` to Engine.start and `archive` to the host streams'
 * recordEach, then ask for the time machine once the engine runs (its world rebuilds limited by `rebuildLimits`).
 */
export const historyOf = (dataDir: string, rebuildLimits: RebuildLimits = {}) => {
  const audit = auditIndexIn(join(dataDir, 'audit'));
  const snapshots = new WorldSnapshots(join(dataDir, 'snapshots'));
  const archive = new GoalStateArchive(join(dataDir, 'goal-states'));
  return {
    audit,
    snapshots,
    archive,
    projections: [audit, snapshots] as const,
    timeMachine: (store: EventStore, live: () => World) => new TimeMachine(store, live, audit, snapshots, archive, rebuildLimits),
    /** Once the engine stopped: the snapshot and the archive's writes finish, so the data dir may be reopened or removed. */
    close: async () => {
      await snapshots.settled();
      await archive.close();
    },
  };
};
