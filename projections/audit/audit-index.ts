import type { RecordedEvent, World } from '../../domain/index.js';
import { ROUTER_INTERFACE_OWNER } from '../../domain/index.js';
import type { Projection } from '../projection.js';
import { subjectsOf, type ResourceKind } from './subjects.js';

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
 * Which events touched what, who made them and when: postings lists of event ordinals per
 * resource, acting project, actor and event type, beside two columns (position, time). Time is
 * kept monotonic (the running maximum of decision times) so "as of T" is a binary search even
 * when two writers' clocks disagree. Command and correlation ids are not indexed: they are
 * matched on the events read back, so they narrow a query rather than drive it.
 */
export class AuditIndex implements Projection {
  private readonly positions: number[] = [];
  private readonly times: number[] = [];
  private readonly postings = new Map<string, number[]>();
  /** interface port -> router, for ports that leave the world */
  private readonly interfaces = new Map<string, string>();

  apply(event: RecordedEvent, world: World): void {
    const ordinal = this.positions.length;
    this.positions.push(event.position);
    const decided = Date.parse(event.metadata.decidedAt);
    this.times.push(Math.max(Number.isNaN(decided) ? 0 : decided, this.times[ordinal - 1] ?? 0));
    const subjects = subjectsOf(event, (portId) => this.interfaces.get(portId));
    this.trackInterfaces(event, world);
    for (const subject of subjects) this.post(`resource:${subject.kind}:${subject.id}`, ordinal);
    for (const subject of new Set(subjects.map((s) => s.kind))) this.post(`kind:${subject}`, ordinal);
    this.post(`project:${event.metadata.actor.projectId}`, ordinal);
    this.post(`actor:${event.metadata.actor.userId}`, ordinal);
    this.post(`type:${event.type}`, ordinal);
  }

  private trackInterfaces(event: RecordedEvent, world: World): void {
    if (event.type !== 'PortCreated' && event.type !== 'PortUpdated' && event.type !== 'PortDeleted') return;
    const id = event.type === 'PortCreated' ? event.data.port.id : event.data.id;
    const port = world.networks.get(world.portNetwork.get(id) ?? '')?.ports.get(id);
    if (port && port.device_owner === ROUTER_INTERFACE_OWNER && port.device_id) this.interfaces.set(id, port.device_id);
    else this.interfaces.delete(id);
  }

  private post(key: string, ordinal: number): void {
    const list = this.postings.get(key);
    if (list) list.push(ordinal);
    else this.postings.set(key, [ordinal]);
  }

  /** The last position decided at or before `time` (0 before the first event). */
  positionAt(time: number): number {
    const count = countWhile(this.times, (t) => t <= time);
    return count === 0 ? 0 : this.positions[count - 1];
  }

  /** The decision time of the event at or before `position`, monotonic. */
  timeAt(position: number): number | undefined {
    const ordinal = this.ordinalAtOrBefore(position);
    return ordinal < 0 ? undefined : this.times[ordinal];
  }

  private ordinalAtOrBefore(position: number): number {
    return countWhile(this.positions, (p) => p <= position) - 1;
  }

  /**
   * Positions of the events matching the indexed part of a filter, in the asked order, lazily:
   * the caller reads events back and stops once its page is full.
   */
  *matching(filter: AuditFilter, newestFirst: boolean): Generator<number> {
    const lists: number[][] = [];
    const want = (key: string) => lists.push(this.postings.get(key) ?? []);
    if (filter.resourceKind !== undefined && filter.resourceId !== undefined) want(`resource:${filter.resourceKind}:${filter.resourceId}`);
    else if (filter.resourceKind !== undefined) want(`kind:${filter.resourceKind}`);
    if (filter.resourceId !== undefined && filter.resourceKind === undefined) {
      const union = [...this.postings.entries()].filter(([key]) => key.startsWith('resource:') && key.endsWith(`:${filter.resourceId}`));
      lists.push([...new Set(union.flatMap(([, list]) => list))].sort((a, b) => a - b));
    }
    if (filter.project !== undefined) want(`project:${filter.project}`);
    if (filter.actor !== undefined) want(`actor:${filter.actor}`);
    if (filter.eventType !== undefined) want(`type:${filter.eventType}`);
    const first = Math.max(filter.fromPosition === undefined ? 0 : this.ordinalAtOrBefore(filter.fromPosition - 1) + 1, filter.since === undefined ? 0 : this.firstOrdinalAtOrAfterTime(filter.since));
    const last = Math.min(filter.toPosition === undefined ? this.positions.length - 1 : this.ordinalAtOrBefore(filter.toPosition), filter.until === undefined ? this.positions.length - 1 : this.ordinalAtOrBefore(this.positionAt(filter.until)));
    if (first > last) return;
    const driver = lists.length === 0 ? undefined : lists.reduce((a, b) => (a.length <= b.length ? a : b));
    const others = lists.filter((list) => list !== driver);
    const accept = (ordinal: number) => ordinal >= first && ordinal <= last && others.every((list) => holds(list, ordinal));
    if (driver === undefined) {
      for (let i = newestFirst ? last : first; newestFirst ? i >= first : i <= last; i += newestFirst ? -1 : 1) yield this.positions[i];
      return;
    }
    for (let i = newestFirst ? driver.length - 1 : 0; newestFirst ? i >= 0 : i < driver.length; i += newestFirst ? -1 : 1)
      if (accept(driver[i])) yield this.positions[driver[i]];
  }

  private firstOrdinalAtOrAfterTime(time: number): number {
    return countWhile(this.times, (t) => t < time);
  }

  get size(): number {
    return this.positions.length;
  }
}

/** How many of the ascending `values` come first with `before` holding for each: a binary search. */
const countWhile = (values: readonly number[], before: (value: number) => boolean): number => {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(values[mid])) low = mid + 1;
    else high = mid;
  }
  return low;
};

/** Postings lists are ascending, so membership is a binary search. */
const holds = (list: readonly number[], ordinal: number): boolean => list[countWhile(list, (o) => o < ordinal)] === ordinal;
