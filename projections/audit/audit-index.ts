import type { RecordedEvent, World } from '../../domain/index.js';
import { ROUTER_INTERFACE_OWNER } from '../../domain/index.js';
import type { Projection } from '../projection.js';
import type { AuditRows } from './audit-rows.js';
import { Codes } from './codes.js';
import { RESOURCE_KINDS, subjectsOf, type ResourceKind } from './subjects.js';

export interface AuditFilter {
  readonly resourceKind?: ResourceKind;
  readonly resourceId?: string;
  readonly project?: string;
  readonly actor?: string;
  readonly eventType?: string;
  /** Inclusive bounds. */
  readonly fromPosition?: number;
  readonly toPosition?: number;
  readonly since?: number;
  readonly until?: number;
}

/** What the index keeps in memory, for a checkpoint (its rows are the AuditRows' own). */
export interface AuditIndexState {
  readonly lastTime: number;
  readonly projects: ReadonlyMap<string, number>;
  readonly actors: ReadonlyMap<string, number>;
  readonly types: ReadonlyMap<string, number>;
  readonly interfaces: ReadonlyMap<string, string>;
}

/**
 * Which events touched what, who made them and when. Per event a fixed-width row (position, time,
 * acting project, actor, event type, the kinds of resource it touched) and per resource the rows
 * that touched it, both kept by `rows` (on disk in the server): a resource's history is a lookup,
 * every other filter a scan of the rows over the asked range. Time is kept monotonic (the running
 * maximum of decision times) so "as of T" is a binary search even when two writers' clocks
 * disagree. Command and correlation ids are not indexed: they are matched on the events read back.
 * What stays here grows with distinct projects, actors and types, and with live interface ports.
 */
export class AuditIndex implements Projection {
  private lastTime: number;
  private readonly projectCodes: Codes;
  private readonly actorCodes: Codes;
  private readonly typeCodes: Codes;
  /** interface port -> router, for ports that leave the world */
  private readonly interfaces: Map<string, string>;

  /** Over `rows`, new or taken up from a checkpoint's state (with rows taken up from the same one). */
  constructor(
    private readonly rows: AuditRows,
    saved?: AuditIndexState,
  ) {
    this.lastTime = saved?.lastTime ?? 0;
    this.projectCodes = new Codes(saved?.projects);
    this.actorCodes = new Codes(saved?.actors);
    this.typeCodes = new Codes(saved?.types);
    this.interfaces = new Map(saved?.interfaces);
  }

  /** The state between two events, for a checkpoint: a copy, which the next event leaves as it is. */
  saved(): AuditIndexState {
    return {
      lastTime: this.lastTime,
      projects: this.projectCodes.saved(),
      actors: this.actorCodes.saved(),
      types: this.typeCodes.saved(),
      interfaces: new Map(this.interfaces),
    };
  }

  apply(event: RecordedEvent, world: World): void {
    const decided = Date.parse(event.metadata.decidedAt);
    this.lastTime = Math.max(Number.isNaN(decided) ? 0 : decided, this.lastTime);
    const subjects = subjectsOf(event, (portId) => this.interfaces.get(portId));
    this.trackInterfaces(event, world);
    let kinds = 0;
    for (const subject of subjects) kinds |= KIND_BIT[subject.kind];
    const row = {
      position: event.position,
      time: this.lastTime,
      project: this.projectCodes.codeOf(event.metadata.actor.projectId),
      actor: this.actorCodes.codeOf(event.metadata.actor.userId),
      type: this.typeCodes.codeOf(event.type),
      kinds,
    };
    this.rows.append(row, [...new Set(subjects.map((subject) => `${subject.kind}:${subject.id}`))]);
  }

  private trackInterfaces(event: RecordedEvent, world: World): void {
    if (event.type !== 'PortCreated' && event.type !== 'PortUpdated' && event.type !== 'PortDeleted') return;
    const id = event.type === 'PortCreated' ? event.data.port.id : event.data.id;
    const port = world.networks.get(world.portNetwork.get(id) ?? '')?.ports.get(id);
    if (port && port.device_owner === ROUTER_INTERFACE_OWNER && port.device_id) this.interfaces.set(id, port.device_id);
    else this.interfaces.delete(id);
  }

  /** The last position decided at or before `time` (0 before the first event). */
  positionAt(time: number): number {
    const count = this.rows.countWhile('time', (t) => t <= time);
    return count === 0 ? 0 : this.rows.row(count - 1).position;
  }

  /** The decision time of the event at or before `position`, monotonic. */
  timeAt(position: number): number | undefined {
    const ordinal = this.ordinalAtOrBefore(position);
    return ordinal < 0 ? undefined : this.rows.row(ordinal).time;
  }

  private ordinalAtOrBefore(position: number): number {
    return this.rows.countWhile('position', (p) => p <= position) - 1;
  }

  /**
   * Positions of the events matching the indexed part of a filter, in the asked order, lazily:
   * the caller reads events back and stops once its page is full. With a resource id, a few may
   * not touch it (see AuditRows.touching): the caller checks the events it reads back.
   */
  *matching(filter: AuditFilter, newestFirst: boolean): Generator<number> {
    const count = this.rows.count;
    const first = Math.max(
      filter.fromPosition === undefined ? 0 : this.ordinalAtOrBefore(filter.fromPosition - 1) + 1,
      filter.since === undefined ? 0 : this.rows.countWhile('time', (t) => t < filter.since!),
    );
    const last = Math.min(
      filter.toPosition === undefined ? count - 1 : this.ordinalAtOrBefore(filter.toPosition),
      filter.until === undefined ? count - 1 : this.rows.countWhile('time', (t) => t <= filter.until!) - 1,
    );
    const code = (codes: Codes, text: string | undefined) => (text === undefined ? undefined : (codes.find(text) ?? -1));
    const project = code(this.projectCodes, filter.project);
    const actor = code(this.actorCodes, filter.actor);
    const type = code(this.typeCodes, filter.eventType);
    const kind = filter.resourceKind === undefined ? 0 : KIND_BIT[filter.resourceKind];
    const accepted = (o: number): number | undefined => {
      const row = this.rows.row(o);
      const accepts =
        (project === undefined || row.project === project) &&
        (actor === undefined || row.actor === actor) &&
        (type === undefined || row.type === type) &&
        (kind === 0 || (row.kinds & kind) !== 0);
      return accepts ? row.position : undefined;
    };
    if (first > last) return;
    const touched = filter.resourceId === undefined ? undefined : this.touching(filter.resourceId, filter.resourceKind);
    if (touched === undefined) {
      for (let o = newestFirst ? last : first; newestFirst ? o >= first : o <= last; o += newestFirst ? -1 : 1) {
        const position = accepted(o);
        if (position !== undefined) yield position;
      }
      return;
    }
    for (let i = newestFirst ? touched.length - 1 : 0; newestFirst ? i >= 0 : i < touched.length; i += newestFirst ? -1 : 1) {
      const o = touched[i];
      const position = o >= first && o <= last ? accepted(o) : undefined;
      if (position !== undefined) yield position;
    }
  }

  /** Ordinals of the events that touched a resource (of one kind, or of any kind with that id). */
  private touching(id: string, kind: ResourceKind | undefined): readonly number[] {
    if (kind !== undefined) return this.rows.touching(`${kind}:${id}`);
    const lists = RESOURCE_KINDS.map((k) => this.rows.touching(`${k}:${id}`)).filter((list) => list.length > 0);
    return lists.length === 1 ? lists[0] : [...new Set(lists.flat())].sort((a, b) => a - b);
  }

  get size(): number {
    return this.rows.count;
  }

  /** Why the index no longer follows the log, if it stopped (then its answers would be incomplete). */
  get failure(): string | undefined {
    return this.rows.failure;
  }
}

const KIND_BIT = Object.fromEntries(RESOURCE_KINDS.map((kind, i) => [kind, 1 << i])) as Record<ResourceKind, number>;
