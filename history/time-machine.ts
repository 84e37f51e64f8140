import type * as E from 'fp-ts/lib/Either.js';
import type { EventStore, RecordedEvent, World } from '../domain/index.js';
import type { AuditIndex, ResourceKind, SelfContainedKind } from '../projections/index.js';
import type { GoalStateDocument } from '../projections/goal-state/index.js';
import type { AnswerBytes } from '../southbound/archive/archive-codec.js';
import type { GoalStateArchive } from '../southbound/archive/goal-state-archive.js';
import { resolveAsOf, type AsOf, type Refusal } from './as-of.js';
import { auditEvents, type AuditEventFilter } from './audit-events.js';
import { PastGoalStates, type PastGoalState } from './past-goal-states.js';
import { PastWorlds } from './past-worlds.js';
import type { RebuildLimits } from './rebuild-queue.js';
import { ResourceHistory, type Version } from './resource-history.js';
import type { WorldSnapshots } from './world-snapshots.js';

export type { AsOf, Refusal } from './as-of.js';
export type { PastGoalState } from './past-goal-states.js';
export type { Version } from './resource-history.js';

/**
 * What history/ answers, in one place for the API and the CLI: `as_of` resolved to a position
 * (as-of.ts), the world there (past-worlds.ts), a host's goal state there (past-goal-states.ts),
 * one resource's versions (resource-history.ts) and the audit log (audit-events.ts). Each job
 * lives in its own file; this only holds them together over one log, audit index, set of world
 * snapshots and goal-state archive.
 */
export class TimeMachine {
  private readonly worlds: PastWorlds;
  private readonly goalStates: PastGoalStates;
  private readonly resources: ResourceHistory;

  constructor(
    private readonly store: EventStore,
    private readonly live: () => World,
    private readonly audit: AuditIndex,
    snapshots: WorldSnapshots,
    archive: GoalStateArchive,
    rebuildLimits: RebuildLimits = {},
  ) {
    this.worlds = new PastWorlds(store, snapshots, rebuildLimits);
    this.goalStates = new PastGoalStates(archive, this.worlds);
    this.resources = new ResourceHistory(store, audit, this.goalStates);
  }

  resolve(asOf: string): E.Either<Refusal, AsOf> {
    return resolveAsOf(asOf, this.live().position, this.audit);
  }

  pastWorld(position: number): Promise<World> {
    return this.worlds.pastWorld(position);
  }

  /** Whether the log names the host at or before `position`: a host never registered by then has no goal state to ask for. */
  hostKnownAt(hostId: string, position: number): boolean {
    for (const _ of this.audit.matching({ resourceKind: 'host', resourceId: hostId, toPosition: position }, false)) return true;
    return false;
  }

  worldAt(position: number): Promise<World> {
    return this.worlds.worldAt(position);
  }

  encodedGoalStateAt(hostId: string, position: number): Promise<PastGoalState> {
    return this.goalStates.encodedGoalStateAt(hostId, position);
  }

  goalStateAt(hostId: string, position: number): Promise<GoalStateDocument> {
    return this.goalStates.goalStateAt(hostId, position);
  }

  encodedGoalStateChange(hostId: string, from: number, to: number): Promise<AnswerBytes> {
    return this.goalStates.encodedGoalStateChange(hostId, from, to);
  }

  viewAt(kind: SelfContainedKind, id: string, position: number): Promise<E.Either<Refusal, Record<string, unknown> | undefined>> {
    return this.resources.viewAt(kind, id, position);
  }

  history(kind: ResourceKind, id: string, upTo?: number): Promise<E.Either<Refusal, Version[]>> {
    return this.resources.history(kind, id, upTo);
  }

  events(filter: AuditEventFilter, newestFirst: boolean, limit: number): Promise<E.Either<Refusal, RecordedEvent[]>> {
    return auditEvents(this.store, this.audit, this.resources, filter, newestFirst, limit);
  }
}
