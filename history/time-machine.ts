import * as E from 'fp-ts/lib/Either.js';
import { emptyWorld, evolve, ROUTER_INTERFACE_OWNER, type EventStore, type RecordedEvent, type World } from '../domain/index.js';
import { names, nextVersion, viewOfVersions, type AuditFilter, type AuditIndex, type ResourceKind, type SelfContainedKind } from '../projections/index.js';
import { canonicalJson, goalStateFromScratch, netChange, type GoalStateDocument, type Op } from '../projections/goal-state/index.js';
import { encodedGoalStateOf, encodeOps, type EncodedGoalState } from '../southbound/index.js';
import type { AnswerBytes } from '../southbound/archive/archive-codec.js';
import { recorded } from '../engine/engine.js';
import type { GoalStateArchive } from '../southbound/archive/goal-state-archive.js';
import { SnapshotMissing, type WorldSnapshots } from './world-snapshots.js';

/** How many audit events are fetched from the log at a time. */
const READ_BATCH = 512;

export interface AsOf {
  readonly position: number;
  /** RFC 3339 time of the last event at or before the position, if any. */
  readonly time: string | null;
}

/** How long a world rebuilt for reads is kept after the last read that asked for it. */
const KEEP_PAST_WORLD_MS = 30_000;

/** A host's goal state as of a moment, as canonical JSON: `release` it once sent or read (see AnswerBytes). */
export type PastGoalState = EncodedGoalState & Pick<AnswerBytes, 'release'>;

/** Why a question about the past gets no answer: a bad `as_of`, or an audit index that stopped following the log. */
export interface Refusal {
  readonly status: 400 | 503;
  readonly type: 'HTTPBadRequest' | 'ServiceUnavailable';
  readonly message: string;
}

export interface Version {
  readonly position: number;
  readonly time: string;
  readonly event_type: string;
  readonly actor: { project_id: string; user_id: string };
  readonly command_id: string;
  readonly correlation_id: string;
  readonly resource: Record<string, unknown> | null;
}

/**
 * Answers "as of": resolves a position or a time to a log position, rebuilds the world there from
 * the nearest snapshot plus a bounded replay, folds one resource's history from its own events, and
 * reads a host's goal state from its archived stream.
 */
export class TimeMachine {
  /** The last world rebuilt for reads, kept while it is asked for: the pages of a list as of a moment, and its other filters, want the same one. */
  private recent?: { readonly position: number; readonly world: Promise<World>; expiry?: NodeJS.Timeout };

  constructor(
    private readonly store: EventStore,
    private readonly live: () => World,
    private readonly audit: AuditIndex,
    private readonly snapshots: WorldSnapshots,
    private readonly archive: GoalStateArchive,
  ) {}

  /** `as_of` is a global position (digits) or an RFC 3339 timestamp. */
  resolve(asOf: string): E.Either<Refusal, AsOf> {
    const unavailable = this.unavailable();
    if (unavailable) return E.left(unavailable);
    const head = this.live().position;
    let position: number;
    if (/^\d{1,15}$/.test(asOf)) position = Math.min(Number(asOf), head);
    else {
      const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(asOf) ? Date.parse(asOf) : NaN;
      if (Number.isNaN(time)) return E.left({ status: 400, type: 'HTTPBadRequest', message: `as_of must be a log position or an RFC 3339 timestamp, not '${asOf}'` });
      position = Math.min(this.audit.positionAt(time), head);
    }
    const time = this.audit.timeAt(position);
    return E.right({ position, time: time === undefined ? null : new Date(time).toISOString() });
  }

  /**
   * The world after the events up to `position`, for reading only (as the live world is), shared
   * with the reads of the same moment: rebuilding one costs seconds on a big world, and a list's
   * next page asks for it again. Kept until no read has asked for it for KEEP_PAST_WORLD_MS.
   */
  pastWorld(position: number): Promise<World> {
    let recent = this.recent;
    if (recent?.position !== position) {
      this.forgetPastWorld();
      const world = this.worldAt(position);
      recent = this.recent = { position, world };
      // A rebuild that failed is not kept.
      world.catch(() => this.recent?.world === world && this.forgetPastWorld());
    }
    clearTimeout(recent.expiry);
    recent.expiry = setTimeout(() => this.forgetPastWorld(), KEEP_PAST_WORLD_MS).unref();
    return recent.world;
  }

  private forgetPastWorld(): void {
    clearTimeout(this.recent?.expiry);
    this.recent = undefined;
  }

  /** The world after the events up to `position`: a fresh copy the caller may keep. */
  async worldAt(position: number): Promise<World> {
    for (;;) {
      const snapshot = this.snapshots.nearest(position);
      let world: World;
      try {
        world = snapshot ? snapshot.load() : emptyWorld();
      } catch (error) {
        if (error instanceof SnapshotMissing) continue;
        throw error;
      }
      for await (const event of this.store.readAll(world.position)) {
        if (event.position > position) break;
        evolve(world, recorded(event));
      }
      return world;
    }
  }

  /**
   * A host's goal state after the events up to `position` as canonical JSON (what its checksum is
   * taken of): from its archived stream, or the world there if the archive is lost.
   */
  async encodedGoalStateAt(hostId: string, position: number): Promise<PastGoalState> {
    return (
      (await this.archive.encodedGoalStateAt(hostId, position)) ?? {
        ...encodedGoalStateOf(canonicalJson(await this.goalStateInWorld(hostId, position))),
        release: () => undefined,
      }
    );
  }

  /** A host's goal state worked out from the world at `position`: what the archive's answers stand in for, when it is lost. */
  private async goalStateInWorld(hostId: string, position: number): Promise<GoalStateDocument> {
    return goalStateFromScratch(await this.pastWorld(position), hostId);
  }

  /** A host's goal state after the events up to `position`, as plain data. */
  async goalStateAt(hostId: string, position: number): Promise<GoalStateDocument> {
    const past = await this.encodedGoalStateAt(hostId, position);
    try {
      return JSON.parse(past.utf8.toString()) as GoalStateDocument;
    } finally {
      past.release();
    }
  }

  /** Ports bound to a host after the events up to `position`: its goal state's port table, counted as the archive folds it. */
  private async boundPortsAt(hostId: string, position: number): Promise<number> {
    const archived = await this.archive.encodedGoalStateAt(hostId, position);
    archived?.release();
    return archived ? (archived.entriesPerKind.port ?? 0) : Object.keys((await this.goalStateInWorld(hostId, position)).port ?? {}).length;
  }

  /** The net change of a host's goal state between two positions, as the JSON of its diff ops: from its archived stream, or the world at each if the archive is lost. */
  async encodedGoalStateChange(hostId: string, from: number, to: number): Promise<AnswerBytes> {
    const archived = await this.archive.encodedGoalStateChange(hostId, from, to);
    if (archived) return archived;
    // One after the other: the world kept for reads is one moment's.
    const before = await this.goalStateInWorld(hostId, from);
    return { utf8: Buffer.from(encodeOps(netChange(before, await this.goalStateInWorld(hostId, to)))), release: () => undefined };
  }

  /** The audit index lost writes (a full disk): its answers would be incomplete until a restart rebuilds it. */
  private unavailable(): Refusal | undefined {
    const failure = this.audit.failure;
    return failure === undefined ? undefined : { status: 503, type: 'ServiceUnavailable', message: `History is not available on this node: ${failure}` };
  }

  /**
   * A resource's view after the events up to `position`, folded from its own history (a rule's: and
   * its group's; a host's: and the port table of its archived goal state).
   */
  async viewAt(kind: SelfContainedKind, id: string, position: number): Promise<E.Either<Refusal, Record<string, unknown> | undefined>> {
    const versions = await this.history(kind, id, position);
    if (E.isLeft(versions)) return versions;
    const last = versions.right[versions.right.length - 1]?.resource;
    if (kind === 'host') return E.right(viewOfVersions(kind, versions.right, { boundPorts: last ? await this.boundPortsAt(id, position) : 0 }));
    const rule = kind === 'security_group_rule' ? last : undefined;
    const group = rule ? await this.history('security_group', String(rule.security_group_id), position) : E.right([]);
    return E.map((groupVersions: Version[]) => viewOfVersions(kind, versions.right, { groupVersions }))(group);
  }

  /** Every version of one resource, oldest first, with the event, actor and time that made it. */
  async history(kind: ResourceKind, id: string, upTo = Number.MAX_SAFE_INTEGER): Promise<E.Either<Refusal, Version[]>> {
    const unavailable = this.unavailable();
    if (unavailable) return E.left(unavailable);
    const versions: Version[] = [];
    let record: Record<string, unknown> | null = null;
    const positions = [...this.audit.matching({ resourceKind: kind, resourceId: id, toPosition: upTo }, false)];
    for (const event of positions.length === 0 ? [] : await this.eventsAt(positions)) {
      if (!(await this.changed(event, kind, id))) continue;
      record = nextVersion(kind, id, record as never, event);
      versions.push({
        position: event.position,
        time: event.metadata.decidedAt,
        event_type: event.type,
        actor: { project_id: event.metadata.actor.projectId, user_id: event.metadata.actor.userId },
        command_id: event.metadata.commandId,
        correlation_id: event.metadata.correlationId,
        resource: record,
      });
    }
    return E.right(versions);
  }

  /**
   * Whether an event the audit index found under a resource's key changed that resource: the index
   * keys resources by a hash, and two may share one.
   */
  private async changed(event: RecordedEvent, kind: ResourceKind | undefined, id: string): Promise<boolean> {
    if (names(event, kind, id)) return true;
    if ((kind !== undefined && kind !== 'router') || (event.type !== 'PortUpdated' && event.type !== 'PortDeleted')) return false;
    // Updating or deleting an interface port changes its router, which the event does not name:
    // the router is the one the port served just before, from the port's own history.
    const port = await this.history('port', event.data.id, event.position - 1);
    const served = E.isRight(port) ? port.right[port.right.length - 1]?.resource : undefined;
    return served?.device_owner === ROUTER_INTERFACE_OWNER && served.device_id === id;
  }

  private async eventAt(position: number): Promise<RecordedEvent> {
    for await (const event of this.store.readAll(position - 1, 1)) if (event.position === position) return recorded(event);
    throw new Error(`no event at position ${position}`);
  }

  /**
   * Audit events matching a filter, a page at a time; command and correlation ids narrow what the
   * index found, and the resource is checked on each event read back (the index finds it by hash).
   */
  async events(
    filter: AuditFilter & { commandId?: string; correlationId?: string },
    newestFirst: boolean,
    limit: number,
  ): Promise<E.Either<Refusal, RecordedEvent[]>> {
    const unavailable = this.unavailable();
    if (unavailable) return E.left(unavailable);
    const page: RecordedEvent[] = [];
    const matching = this.audit.matching(filter, newestFirst);
    for (;;) {
      const batch: number[] = [];
      while (batch.length < READ_BATCH) {
        const next = matching.next();
        if (next.done) break;
        batch.push(next.value);
      }
      if (batch.length === 0) return E.right(page);
      for (const event of await this.eventsAt(batch)) {
        if (filter.commandId !== undefined && event.metadata.commandId !== filter.commandId) continue;
        if (filter.correlationId !== undefined && event.metadata.correlationId !== filter.correlationId) continue;
        if (filter.resourceId !== undefined && !(await this.changed(event, filter.resourceKind, filter.resourceId))) continue;
        page.push(event);
        if (page.length >= limit) return E.right(page);
      }
    }
  }

  /**
   * The events at these positions, in the given order. Positions close together are read in one
   * sequential pass (a scan by command or correlation id reads the log in bulk, not event by event).
   */
  private async eventsAt(positions: readonly number[]): Promise<RecordedEvent[]> {
    const low = Math.min(...positions);
    const high = Math.max(...positions);
    if (high - low + 1 > 4 * positions.length) return Promise.all(positions.map((p) => this.eventAt(p)));
    const wanted = new Set(positions);
    const found = new Map<number, RecordedEvent>();
    for await (const event of this.store.readAll(low - 1, high - low + 1)) if (wanted.has(event.position)) found.set(event.position, recorded(event));
    return positions.map((p) => found.get(p)!);
  }
}
