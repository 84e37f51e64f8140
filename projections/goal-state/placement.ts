import { ROUTER_INTERFACE_OWNER, type FloatingIp, type Port } from '../../domain/index.js';

/** id -> host (or router) -> how many ports put it there. */
type Counts = Map<string, Map<string, number>>;

/**
 * The goal-state projection's memory of the past, kept because the world has already moved on
 * when a handler runs: the port as it was before the event, and which hosts hold which networks
 * and groups. Every index is a count, so a host leaves a network only with its last port there.
 */
export interface Placement {
  /** Each port as last seen. */
  readonly ports: Map<string, Port>;
  /** network id -> host -> bound ports of that network on that host */
  readonly networkHosts: Counts;
  /** security group id -> host -> bound ports in that group on that host */
  readonly groupHosts: Counts;
  /** network id -> router -> interface ports of that router on that network */
  readonly networkRouters: Counts;
  /** group id -> rule id -> remote group id, for rules naming a remote group (a deleted rule's target) */
  readonly remoteRules: Map<string, Map<string, string>>;
  /** Each floating IP as last seen: where it was mapped before the event. */
  readonly floatingIps: Map<string, FloatingIp>;
  /** router id -> the host doing its SNAT, as last settled */
  readonly snatHosts: Map<string, string>;
  /** group id -> rule id -> address group id, for rules naming a remote address group */
  readonly addressGroupRules: Map<string, Map<string, string>>;
}

export const emptyPlacement = (): Placement => ({
  ports: new Map(),
  networkHosts: new Map(),
  groupHosts: new Map(),
  networkRouters: new Map(),
  remoteRules: new Map(),
  floatingIps: new Map(),
  snatHosts: new Map(),
  addressGroupRules: new Map(),
});

const nested = <V>(map: Map<string, Map<string, V>>): Map<string, Map<string, V>> => new Map([...map].map(([id, inner]) => [id, new Map(inner)]));

/** A placement that stays as it is while this one changes (its ports and floating IPs are replaced, never changed, so they are shared). */
export const copyOfPlacement = (placement: Placement): Placement => ({
  ports: new Map(placement.ports),
  networkHosts: nested(placement.networkHosts),
  groupHosts: nested(placement.groupHosts),
  networkRouters: nested(placement.networkRouters),
  remoteRules: nested(placement.remoteRules),
  floatingIps: new Map(placement.floatingIps),
  snatHosts: new Map(placement.snatHosts),
  addressGroupRules: nested(placement.addressGroupRules),
});

/** A host starting or ceasing to hold a network (or a group). */
interface Membership {
  readonly host: string;
  readonly id: string;
  readonly joined: boolean;
}

export const holds = (counts: Counts, id: string, host: string): boolean => counts.get(id)?.has(host) ?? false;

export const holders = (counts: Counts, id: string): Iterable<string> => counts.get(id)?.keys() ?? [];

class Tally {
  private readonly had = new Map<string, { id: string; host: string; had: boolean }>();

  constructor(private readonly counts: Counts) {}

  shift(id: string, host: string, delta: 1 | -1): void {
    const perId = this.counts.get(id) ?? new Map<string, number>();
    const was = perId.get(host) ?? 0;
    const key = `${id}\u0000${host}`;
    if (!this.had.has(key)) this.had.set(key, { id, host, had: was > 0 });
    if (was + delta > 0) perId.set(host, was + delta);
    else perId.delete(host);
    if (perId.size > 0) this.counts.set(id, perId);
    else this.counts.delete(id);
  }

  /** Only the real transitions: a port moving between two groups a host keeps is no change. */
  memberships(): Membership[] {
    return [...this.had.values()]
      .filter((entry) => entry.had !== holds(this.counts, entry.id, entry.host))
      .map(({ id, host, had }) => ({ id, host, joined: !had }));
  }
}

/** The router whose interface this port is, if it is one. */
export const routerOf = (port: Port): string | undefined =>
  port.device_owner === ROUTER_INTERFACE_OWNER && port.device_id !== '' ? port.device_id : undefined;

/** Moves a port from its old place to its new one; says which hosts joined or left which networks and groups. */
export const placePort = (
  placement: Placement,
  before: Port | undefined,
  after: Port | undefined,
): { networks: Membership[]; groups: Membership[] } => {
  const networks = new Tally(placement.networkHosts);
  const groups = new Tally(placement.groupHosts);
  const routers = new Tally(placement.networkRouters);
  const move = (port: Port, delta: 1 | -1) => {
    const host = port['binding:host_id'];
    if (host !== '') {
      networks.shift(port.network_id, host, delta);
      for (const group of port.security_groups) groups.shift(group, host, delta);
    }
    const router = routerOf(port);
    if (router !== undefined) routers.shift(port.network_id, router, delta);
  };
  if (before) move(before, -1);
  if (after) move(after, 1);
  if (after) placement.ports.set(after.id, after);
  else if (before) placement.ports.delete(before.id);
  return { networks: networks.memberships(), groups: groups.memberships() };
};
