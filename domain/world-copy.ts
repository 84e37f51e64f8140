import type { NetworkState, SubnetState, World } from './world.js';
import type { FreeRanges } from './address/free-ranges.js';

/** A copy of a value the fold changes in place, sharing what it only ever replaces. */
type Copy<V> = (value: V) => V;

const same = <V>(value: V): V => value;
const mapOf =
  <K, V>(value: Copy<V>): Copy<Map<K, V>> =>
  (map) => {
    const copy = new Map<K, V>();
    for (const [key, entry] of map) copy.set(key, value(entry));
    return copy;
  };
/** A map whose values are replaced, never changed: the entries are shared. */
const entities = <K, V>(map: Map<K, V>): Map<K, V> => new Map(map);
const sets = <K, V>(map: Map<K, Set<V>>): Map<K, Set<V>> => mapOf<K, Set<V>>((set) => new Set(set))(map);
const counts = <K, I>(map: Map<K, Map<I, number>>): Map<K, Map<I, number>> => mapOf<K, Map<I, number>>((inner) => new Map(inner))(map);
const record = <V extends object>(value: V): V => ({ ...value });
// Its ranges are spliced in place; each range is replaced, never changed.
const freeRanges = (free: FreeRanges): FreeRanges => ({ ...free, ranges: [...free.ranges] });
const subnet = (state: SubnetState): SubnetState => ({ ...state, free: freeRanges(state.free), allocated: new Map(state.allocated) });
const network = (state: NetworkState): NetworkState => ({
  ...state,
  subnets: mapOf<string, SubnetState>(subnet)(state.subnets),
  ports: new Map(state.ports),
  macs: new Map(state.macs),
  policies: new Map(state.policies),
});

/**
 * How to copy each part of the world: evolve changes its maps, sets, network and subnet states,
 * free ranges and usage records in place, and replaces its resources (a port, a network) whole.
 * Every field is named, so a field added to the world does not compile until it says how it is copied.
 */
const WORLD: { readonly [K in keyof World]: Copy<World[K]> } = {
  position: same,
  streamRevisions: entities,
  networks: mapOf<string, NetworkState>(network),
  subnetNetwork: entities,
  portNetwork: entities,
  securityGroups: entities,
  ruleGroup: entities,
  defaultSecurityGroups: entities,
  groupPorts: sets,
  groupReferrers: counts,
  routers: entities,
  routerPorts: sets,
  routerGatewayPorts: entities,
  floatingIps: entities,
  portFloatingIps: sets,
  routerFloatingIps: sets,
  flavors: entities,
  serviceProfiles: entities,
  hosts: entities,
  hostPorts: sets,
  segmentationIds: entities,
  freeSegmentationIds: freeRanges,
  addressScopes: entities,
  subnetPools: entities,
  poolSubnets: sets,
  policyNetwork: entities,
  addressGroups: entities,
  addressGroupReferrers: counts,
  quotas: mapOf(record),
  usage: mapOf(record),
};

/**
 * The world as it is now, kept as it is while the fold goes on changing its own: a copy of every
 * container the fold changes, the resources shared (for a checkpoint or a world snapshot serialized over later ticks).
 */
export const copyOfWorld = (world: World): World => {
  const copy: Record<string, unknown> = {};
  // In the world's own order of fields: a checkpoint's world is the fold's, field for field.
  for (const key of Object.keys(world) as (keyof World)[]) {
    const part = WORLD[key] as Copy<unknown> | undefined;
    if (!part) throw new Error(`the world's field ${key} has no copy`);
    copy[key] = part(world[key]);
  }
  return copy as unknown as World;
};
