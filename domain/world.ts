import { freeRangesFromPools, type FreeRanges } from './address/free-ranges.js';
import { SEGMENTATION_RANGE } from './segmentation/events.js';
import type { IpRange } from './address/ip-range.js';
import type { Cidr } from './address/cidr.js';
import type { Flavor, ServiceProfileFields } from './flavor/flavor.js';
import type { FloatingIp } from './floating-ip/floating-ip.js';
import type { Host } from './host/host.js';
import type { Network } from './network/network.js';
import type { Port } from './port/port.js';
import type { Router } from './router/router.js';
import type { SecurityGroup } from './security-group/security-group.js';
import type { Subnet } from './subnet/subnet.js';
import type { AddressScope } from './address-scope/address-scope.js';
import type { SubnetPool } from './subnet-pool/subnet-pool.js';
import type { QuotaLimits, QuotaResource } from './quota/quota.js';
import type { RbacPolicy } from './rbac/rbac-policy.js';
import type { AddressGroup } from './address-group/address-group.js';

/** IPAM of one subnet: which addresses are taken, by which port, and which remain in the pools. */
export interface SubnetState {
  subnet: Subnet;
  cidr: Cidr;
  pools: IpRange[];
  free: FreeRanges;
  /** address value -> port id */
  allocated: Map<bigint, string>;
}

/** A network with everything that must stay consistent inside it: one stream, one decision lane. */
export interface NetworkState {
  network: Network;
  /** In creation order: automatic allocation tries subnets in this order. */
  subnets: Map<string, SubnetState>;
  ports: Map<string, Port>;
  /** mac -> port id */
  macs: Map<string, string>;
  /** RBAC policies on this network (its sharing lives with the ports that depend on it). */
  policies: Map<string, RbacPolicy>;
}

/**
 * The whole decision state: the fold of every event so far. Deciders read it; evolve updates it
 * in place (the fold owns this accumulator) so each event costs O(what it changed).
 */
export interface World {
  position: number;
  /** Last revision of each stream, for the expected revision of the next append. */
  streamRevisions: Map<string, number>;
  networks: Map<string, NetworkState>;
  subnetNetwork: Map<string, string>;
  portNetwork: Map<string, string>;
  securityGroups: Map<string, SecurityGroup>;
  ruleGroup: Map<string, string>;
  defaultSecurityGroups: Map<string, string>;
  /** group id -> ports that are members of it */
  groupPorts: Map<string, Set<string>>;
  /** group id -> groups with a rule whose remote_group_id names it */
  groupReferrers: Map<string, Map<string, number>>;
  routers: Map<string, Router>;
  /** router id -> its interface ports */
  routerPorts: Map<string, Set<string>>;
  /** router id -> its gateway port (on an external network) */
  routerGatewayPorts: Map<string, string>;
  floatingIps: Map<string, FloatingIp>;
  /** port id -> floating IPs mapped onto it */
  portFloatingIps: Map<string, Set<string>>;
  /** router id -> floating IPs whose traffic it carries */
  routerFloatingIps: Map<string, Set<string>>;
  hosts: Map<string, Host>;
  hostPorts: Map<string, Set<string>>;
  flavors: Map<string, Flavor>;
  serviceProfiles: Map<string, ServiceProfileFields>;
  /** segmentation id -> network id */
  segmentationIds: Map<number, string>;
  freeSegmentationIds: FreeRanges;
  addressScopes: Map<string, AddressScope>;
  subnetPools: Map<string, SubnetPool>;
  /** pool id -> subnets whose block it handed out */
  poolSubnets: Map<string, Set<string>>;
  /** policy id -> the network it is on */
  policyNetwork: Map<string, string>;
  addressGroups: Map<string, AddressGroup>;
  /** address group id -> security groups with a rule whose remote_address_group_id names it (rule count) */
  addressGroupReferrers: Map<string, Map<string, number>>;
  /** Limits set per project (the rest are the defaults). */
  quotas: Map<string, QuotaLimits>;
  /** What each project holds, per quota resource. */
  usage: Map<string, Partial<Record<QuotaResource, number>>>;
}

export const emptyWorld = (): World => ({
  position: 0,
  streamRevisions: new Map(),
  networks: new Map(),
  subnetNetwork: new Map(),
  portNetwork: new Map(),
  securityGroups: new Map(),
  ruleGroup: new Map(),
  defaultSecurityGroups: new Map(),
  groupPorts: new Map(),
  groupReferrers: new Map(),
  routers: new Map(),
  routerPorts: new Map(),
  routerGatewayPorts: new Map(),
  floatingIps: new Map(),
  portFloatingIps: new Map(),
  routerFloatingIps: new Map(),
  flavors: new Map(),
  serviceProfiles: new Map(),
  hosts: new Map(),
  hostPorts: new Map(),
  segmentationIds: new Map(),
  freeSegmentationIds: freeRangesFromPools([SEGMENTATION_RANGE]),
  addressScopes: new Map(),
  subnetPools: new Map(),
  poolSubnets: new Map(),
  policyNetwork: new Map(),
  addressGroups: new Map(),
  addressGroupReferrers: new Map(),
  quotas: new Map(),
  usage: new Map(),
});

export const subnetState = (world: World, subnetId: string): SubnetState | undefined => {
  const networkId = world.subnetNetwork.get(subnetId);
  return networkId === undefined ? undefined : world.networks.get(networkId)?.subnets.get(subnetId);
};

export const portOf = (world: World, portId: string): Port | undefined => {
  const networkId = world.portNetwork.get(portId);
  return networkId === undefined ? undefined : world.networks.get(networkId)?.ports.get(portId);
};

/** Adds to / removes from a set-valued index, dropping empty sets so the maps do not grow. */
export const indexAdd = <K, V>(index: Map<K, Set<V>>, key: K, value: V): void => {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
};

export const indexRemove = <K, V>(index: Map<K, Set<V>>, key: K, value: V): void => {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
};
