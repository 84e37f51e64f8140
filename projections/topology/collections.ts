import type { NetworkState, SecurityGroup, World } from '../../domain/index.js';
import { flavorView, serviceProfileView } from './flavor-view.js';
import { floatingIpView } from './floating-ip-view.js';
import { hostView } from './host-view.js';
import { networkView, type NetworkScopes } from './network-view.js';
import { portView } from './port-view.js';
import { routerView } from './router-view.js';
import { securityGroupRuleView, securityGroupView } from './security-group-view.js';
import { subnetView } from './subnet-view.js';
import { addressScopeView } from './address-scope-view.js';
import { subnetPoolView } from './subnet-pool-view.js';
import { rbacPolicyView } from './rbac-policy-view.js';
import { addressGroupView } from './address-group-view.js';

/** A subnet's pool's scope stands for its IP version: the pool affinity rule keeps one pool per version. */
const scopesOf = (world: World, state: NetworkState): NetworkScopes => {
  const scopes = { ipv4: null as string | null, ipv6: null as string | null };
  for (const { subnet } of state.subnets.values()) {
    const scope = subnet.subnetpool_id === null ? undefined : world.subnetPools.get(subnet.subnetpool_id)?.address_scope_id;
    if (scope) scopes[subnet.ip_version === 4 ? 'ipv4' : 'ipv6'] = scope;
  }
  return scopes;
};

const networkOf = (world: World, state: NetworkState) => networkView(state.network, [...state.subnets.keys()], scopesOf(world, state));
const isDefault = (world: World, group: SecurityGroup) => world.defaultSecurityGroups.get(group.project_id) === group.id;

/**
 * Every resource collection of the topology, as Neutron shows it: what list and show read.
 * Each lookup is O(1); each listing walks only its own collection.
 */
export const topology = {
  networks: {
    get: (world: World, id: string) => {
      const state = world.networks.get(id);
      return state && networkOf(world, state);
    },
    list: function* (world: World) {
      for (const state of world.networks.values()) yield networkOf(world, state);
    },
  },
  subnets: {
    get: (world: World, id: string) => {
      const networkId = world.subnetNetwork.get(id);
      const state = networkId === undefined ? undefined : world.networks.get(networkId)?.subnets.get(id);
      return state && subnetView(state.subnet);
    },
    list: function* (world: World) {
      for (const network of world.networks.values()) for (const state of network.subnets.values()) yield subnetView(state.subnet);
    },
  },
  ports: {
    get: (world: World, id: string) => {
      const networkId = world.portNetwork.get(id);
      const port = networkId === undefined ? undefined : world.networks.get(networkId)?.ports.get(id);
      return port && portView(port, world.hosts.has(port['binding:host_id']));
    },
    list: function* (world: World) {
      for (const network of world.networks.values()) for (const port of network.ports.values()) yield portView(port, world.hosts.has(port['binding:host_id']));
    },
  },
  security_groups: {
    get: (world: World, id: string) => {
      const group = world.securityGroups.get(id);
      return group && securityGroupView(group, isDefault(world, group));
    },
    list: function* (world: World) {
      for (const group of world.securityGroups.values()) yield securityGroupView(group, isDefault(world, group));
    },
  },
  security_group_rules: {
    get: (world: World, id: string) => {
      const groupId = world.ruleGroup.get(id);
      const group = groupId === undefined ? undefined : world.securityGroups.get(groupId);
      const rule = group?.security_group_rules.find((r) => r.id === id);
      return rule && securityGroupRuleView(rule, isDefault(world, group!));
    },
    list: function* (world: World) {
      for (const group of world.securityGroups.values())
        for (const rule of group.security_group_rules) yield securityGroupRuleView(rule, isDefault(world, group));
    },
  },
  routers: {
    get: (world: World, id: string) => {
      const router = world.routers.get(id);
      return router && routerView(router);
    },
    list: function* (world: World) {
      for (const router of world.routers.values()) yield routerView(router);
    },
  },
  floatingips: {
    get: (world: World, id: string) => {
      const floatingIp = world.floatingIps.get(id);
      return floatingIp && floatingIpView(world, floatingIp);
    },
    list: function* (world: World) {
      for (const floatingIp of world.floatingIps.values()) yield floatingIpView(world, floatingIp);
    },
  },
  address_scopes: {
    get: (world: World, id: string) => {
      const scope = world.addressScopes.get(id);
      return scope && addressScopeView(scope);
    },
    list: function* (world: World) {
      for (const scope of world.addressScopes.values()) yield addressScopeView(scope);
    },
  },
  subnetpools: {
    get: (world: World, id: string) => {
      const pool = world.subnetPools.get(id);
      return pool && subnetPoolView(pool);
    },
    list: function* (world: World) {
      for (const pool of world.subnetPools.values()) yield subnetPoolView(pool);
    },
  },
  rbac_policies: {
    get: (world: World, id: string) => {
      const policy = world.networks.get(world.policyNetwork.get(id) ?? '')?.policies.get(id);
      return policy && rbacPolicyView(policy);
    },
    list: function* (world: World) {
      for (const network of world.networks.values()) for (const policy of network.policies.values()) yield rbacPolicyView(policy);
    },
  },
  address_groups: {
    get: (world: World, id: string) => {
      const group = world.addressGroups.get(id);
      return group && addressGroupView(group);
    },
    list: function* (world: World) {
      for (const group of world.addressGroups.values()) yield addressGroupView(group);
    },
  },
  flavors: {
    get: (world: World, id: string) => {
      const flavor = world.flavors.get(id);
      return flavor && flavorView(flavor);
    },
    list: function* (world: World) {
      for (const flavor of world.flavors.values()) yield flavorView(flavor);
    },
  },
  service_profiles: {
    get: (world: World, id: string) => {
      const profile = world.serviceProfiles.get(id);
      return profile && serviceProfileView(profile);
    },
    list: function* (world: World) {
      for (const profile of world.serviceProfiles.values()) yield serviceProfileView(profile);
    },
  },
  hosts: {
    get: (world: World, id: string) => {
      const host = world.hosts.get(id);
      return host && hostView(host, world.hostPorts.get(host.id)?.size ?? 0);
    },
    list: function* (world: World) {
      for (const host of world.hosts.values()) yield hostView(host, world.hostPorts.get(host.id)?.size ?? 0);
    },
  },
};
export type Collection = keyof typeof topology;
