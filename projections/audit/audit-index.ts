import type { RecordedEvent, World } from '../../domain/index.js';
import { ROUTER_INTERFACE_OWNER } from '../../domain/index.js';
import type { Projection } from '../projection.js';
import { Codes, Column } from './column.js';
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

/**
 * Which events touched what, who made them and when. Per event a few bytes in typed columns
 * (position, time, acting project, actor, event type, the kinds of resource it touched), and per
 * resource a postings list of the events that touched it: a resource's history is a lookup, every
 * other filter a scan of the columns over the asked range. Time is kept monotonic (the running
 * maximum of decision times) so "as of T" is a binary search even when two writers' clocks
 * disagree. Command and correlation ids are not indexed: they are matched on the events read back.
 */
export class AuditIndex implements Projection {
  private readonly positions = new Column((n) => new Float64Array(n));
  private readonly times = new Column((n) => new Float64Array(n));
  private readonly projects = new Column((n) => new Int32Array(n));
  private readonly actors = new Column((n) => new Int32Array(n));
  private readonly types = new Column((n) => new Int32Array(n));
  /** A bit per resource kind the event touched. */
  private readonly kinds = new Column((n) => new Uint8Array(n));
  private readonly projectCodes = new Codes();
  private readonly actorCodes = new Codes();
  private readonly typeCodes = new Codes();
  /** `kind:id` -> ordinals of the events that touched the resource, ascending */
  private readonly resources = new Map<string, number[]>();
  /** interface port -> router, for ports that leave the world */
  private readonly interfaces = new Map<string, string>();

  apply(event: RecordedEvent, world: World): void {
    const ordinal = this.positions.length;
    this.positions.push(event.position);
    const decided = Date.parse(event.metadata.decidedAt);
    this.times.push(Math.max(Number.isNaN(decided) ? 0 : decided, ordinal === 0 ? 0 : this.times.at(ordinal - 1)));
    this.projects.push(this.projectCodes.codeOf(event.metadata.actor.projectId));
    this.actors.push(this.actorCodes.codeOf(event.metadata.actor.userId));
    this.types.push(this.typeCodes.codeOf(event.type));
    const subjects = subjectsOf(event, (portId) => this.interfaces.get(portId));
    this.trackInterfaces(event, world);
    let kinds = 0;
    for (const subject of subjects) {
      kinds |= KIND_BIT[subject.kind];
      const key = `${subject.kind}:${subject.id}`;
      const list = this.resources.get(key);
      if (!list) this.resources.set(key, [ordinal]);
      else if (list[list.length - 1] !== ordinal) list.push(ordinal);
    }
    this.kinds.push(kinds);
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
    const count = countWhile(this.times, (t) => t <= time);
    return count === 0 ? 0 : this.positions.at(count - 1);
  }

  /** The decision time of the event at or before `position`, monotonic. */
  timeAt(position: number): number | undefined {
    const ordinal = this.ordinalAtOrBefore(position);
    return ordinal < 0 ? undefined : this.times.at(ordinal);
  }

  private ordinalAtOrBefore(position: number): number {
    return countWhile(this.positions, (p) => p <= position) - 1;
  }

  /**
   * Positions of the events matching the indexed part of a filter, in the asked order, lazily:
   * the caller reads events back and stops once its page is full.
   */
  *matching(filter: AuditFilter, newestFirst: boolean): Generator<number> {
    const first = Math.max(
      filter.fromPosition === undefined ? 0 : this.ordinalAtOrBefore(filter.fromPosition - 1) + 1,
      filter.since === undefined ? 0 : countWhile(this.times, (t) => t < filter.since!),
    );
    const last = Math.min(
      filter.toPosition === undefined ? this.positions.length - 1 : this.ordinalAtOrBefore(filter.toPosition),
      filter.until === undefined ? this.positions.length - 1 : countWhile(this.times, (t) => t <= filter.until!) - 1,
    );
    const code = (codes: Codes, text: string | undefined) => (text === undefined ? undefined : (codes.find(text) ?? -1));
    const project = code(this.projectCodes, filter.project);
    const actor = code(this.actorCodes, filter.actor);
    const type = code(this.typeCodes, filter.eventType);
    const kind = filter.resourceKind === undefined ? 0 : KIND_BIT[filter.resourceKind];
    const accept = (o: number) =>
      (project === undefined || this.projects.at(o) === project) &&
      (actor === undefined || this.actors.at(o) === actor) &&
      (type === undefined || this.types.at(o) === type) &&
      (kind === 0 || (this.kinds.at(o) & kind) !== 0);
    if (first > last) return;
    const touched = filter.resourceId === undefined ? undefined : this.touching(filter.resourceId, filter.resourceKind);
    if (touched === undefined) {
      for (let o = newestFirst ? last : first; newestFirst ? o >= first : o <= last; o += newestFirst ? -1 : 1) if (accept(o)) yield this.positions.at(o);
      return;
    }
    for (let i = newestFirst ? touched.length - 1 : 0; newestFirst ? i >= 0 : i < touched.length; i += newestFirst ? -1 : 1) {
      const o = touched[i];
      if (o >= first && o <= last && accept(o)) yield this.positions.at(o);
    }
  }

  /** Ordinals of the events that touched a resource (of one kind, or of any kind with that id). */
  private touching(id: string, kind: ResourceKind | undefined): readonly number[] {
    if (kind !== undefined) return this.resources.get(`${kind}:${id}`) ?? [];
    const lists = RESOURCE_KINDS.map((k) => this.resources.get(`${k}:${id}`) ?? []).filter((list) => list.length > 0);
    return lists.length === 1 ? lists[0] : [...new Set(lists.flat())].sort((a, b) => a - b);
  }

  get size(): number {
    return this.positions.length;
  }
}

const KIND_BIT = Object.fromEntries(RESOURCE_KINDS.map((kind, i) => [kind, 1 << i])) as Record<ResourceKind, number>;

/** How many of the ascending `values` come first with `before` holding for each: a binary search. */
const countWhile = (values: { readonly length: number; at(index: number): number }, before: (value: number) => boolean): number => {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(values.at(mid))) low = mid + 1;
    else high = mid;
  }
  return low;
};
