import * as E from 'fp-ts/lib/Either.js';
import { ROUTER_INTERFACE_OWNER, type EventStore, type RecordedEvent } from '../domain/index.js';
import { names, nextVersion, viewOfVersions, type AuditIndex, type NetworkScopes, type ResourceKind, type SelfContainedKind } from '../projections/index.js';
import { unavailable, type Refusal } from './as-of.js';
import { eventsAt } from './log-reads.js';
import type { PastGoalStates } from './past-goal-states.js';

export interface Version {
  readonly position: number;
  readonly time: string;
  readonly event_type: string;
  readonly actor: { project_id: string; user_id: string };
  readonly command_id: string;
  readonly correlation_id: string;
  readonly resource: Record<string, unknown> | null;
}

/** One resource through time, folded from its own events (the audit index finds them): its versions, and its view as of a position. */
export class ResourceHistory {
  constructor(
    private readonly store: EventStore,
    private readonly audit: AuditIndex,
    private readonly goalStates: PastGoalStates,
  ) {}

  /**
   * A resource's view after the events up to `position`, folded from its own history (a rule's: and
   * its group's; a host's: and the port table of its archived goal state; a network's: and its
   * subnets' and their pools', for its address scopes).
   */
  async viewAt(kind: SelfContainedKind, id: string, position: number): Promise<E.Either<Refusal, Record<string, unknown> | undefined>> {
    const versions = await this.history(kind, id, position);
    if (E.isLeft(versions)) return versions;
    const last = versions.right[versions.right.length - 1]?.resource;
    if (kind === 'host') return E.right(viewOfVersions(kind, versions.right, { boundPorts: last ? await this.goalStates.boundPortsAt(id, position) : 0 }));
    if (kind === 'network') return E.map((scopes: NetworkScopes) => viewOfVersions(kind, versions.right, { scopes }))(await this.scopesAt((last?.subnets as string[]) ?? [], position));
    if (kind === 'port') {
      const host = String(last?.['binding:host_id'] ?? '');
      const hostRecord = host === '' ? E.right(undefined) : await this.lastAt('host', host, position);
      return E.map((record: unknown) => viewOfVersions(kind, versions.right, { hostRegistered: Boolean(record) }))(hostRecord);
    }
    if (kind === 'rbac_policy') {
      const network = last ? await this.history('network', String(last.object_id), position) : E.right([]);
      return E.map((networkVersions: Version[]) => viewOfVersions(kind, versions.right, { networkVersions }))(network);
    }
    const rule = kind === 'security_group_rule' ? last : undefined;
    const group = rule ? await this.history('security_group', String(rule.security_group_id), position) : E.right([]);
    return E.map((groupVersions: Version[]) => viewOfVersions(kind, versions.right, { groupVersions }))(group);
  }

  /** The scopes of the pools the subnets came from, as they were at `position`. */
  private async scopesAt(subnets: readonly string[], position: number): Promise<E.Either<Refusal, NetworkScopes>> {
    const scopes = { ipv4: null as string | null, ipv6: null as string | null };
    for (const id of subnets) {
      const subnet = await this.lastAt('subnet', id, position);
      if (E.isLeft(subnet)) return subnet;
      if (!subnet.right?.subnetpool_id) continue;
      const pool = await this.lastAt('subnetpool', String(subnet.right.subnetpool_id), position);
      if (E.isLeft(pool)) return pool;
      const scope = pool.right?.address_scope_id;
      if (typeof scope === 'string') scopes[subnet.right.ip_version === 4 ? 'ipv4' : 'ipv6'] = scope;
    }
    return E.right(scopes);
  }

  private async lastAt(kind: ResourceKind, id: string, position: number): Promise<E.Either<Refusal, Record<string, unknown> | null | undefined>> {
    return E.map((versions: Version[]) => versions[versions.length - 1]?.resource)(await this.history(kind, id, position));
  }

  /** Every version of one resource, oldest first, with the event, actor and time that made it. */
  async history(kind: ResourceKind, id: string, upTo = Number.MAX_SAFE_INTEGER): Promise<E.Either<Refusal, Version[]>> {
    const refusal = unavailable(this.audit);
    if (refusal) return E.left(refusal);
    const versions: Version[] = [];
    let record: Record<string, unknown> | null = null;
    const positions = [...this.audit.matching({ resourceKind: kind, resourceId: id, toPosition: upTo }, false)];
    for (const event of await eventsAt(this.store, positions)) {
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
  async changed(event: RecordedEvent, kind: ResourceKind | undefined, id: string): Promise<boolean> {
    if (names(event, kind, id)) return true;
    if ((kind !== undefined && kind !== 'router') || (event.type !== 'PortUpdated' && event.type !== 'PortDeleted')) return false;
    // Updating or deleting an interface port changes its router, which the event does not name:
    // the router is the one the port served just before, from the port's own history.
    const port = await this.history('port', event.data.id, event.position - 1);
    const served = E.isRight(port) ? port.right[port.right.length - 1]?.resource : undefined;
    return served?.device_owner === ROUTER_INTERFACE_OWNER && served.device_id === id;
  }
}
