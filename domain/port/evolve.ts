import { isFree, releaseAddress, takeAddress } from '../address/free-ranges.js';
import type { StandardAttributes } from '../common/codecs.js';
import { created, touchedAttributes } from '../common/standard-attributes.js';
import { trustedIp } from '../common/trusted.js';
import type { RecordedEvent } from '../events.js';
import { indexAdd, indexRemove, type NetworkState, type World } from '../world.js';
import type { PortCreated, PortDeleted, PortUpdated } from './events.js';
import { ROUTER_GATEWAY_OWNER, ROUTER_INTERFACE_OWNER, type FixedIp, type Port } from './port.js';

type At = Pick<RecordedEvent, 'metadata'>;

const takeIps = (state: NetworkState, portId: string, fixedIps: readonly FixedIp[]): void => {
  for (const fixed of fixedIps) {
    const subnet = state.subnets.get(fixed.subnet_id)!;
    const value = trustedIp(fixed.ip_address).value;
    subnet.allocated.set(value, portId);
    if (isFree(subnet.free, value)) takeAddress(subnet.free, value);
  }
};

const releaseIps = (state: NetworkState, fixedIps: readonly FixedIp[]): void => {
  for (const fixed of fixedIps) {
    const subnet = state.subnets.get(fixed.subnet_id);
    if (!subnet) continue;
    const value = trustedIp(fixed.ip_address).value;
    subnet.allocated.delete(value);
    releaseAddress(subnet.free, value, subnet.pools);
  }
};

/** The indexes other deciders consult: group members, host bindings, router interfaces and gateways. */
const link = (world: World, port: Port): void => {
  for (const group of port.security_groups) indexAdd(world.groupPorts, group, port.id);
  if (port['binding:host_id']) indexAdd(world.hostPorts, port['binding:host_id'], port.id);
  if (port.device_owner === ROUTER_INTERFACE_OWNER && port.device_id) indexAdd(world.routerPorts, port.device_id, port.id);
  if (port.device_owner === ROUTER_GATEWAY_OWNER && port.device_id) world.routerGatewayPorts.set(port.device_id, port.id);
};

const unlink = (world: World, port: Port): void => {
  for (const group of port.security_groups) indexRemove(world.groupPorts, group, port.id);
  if (port['binding:host_id']) indexRemove(world.hostPorts, port['binding:host_id'], port.id);
  if (port.device_owner === ROUTER_INTERFACE_OWNER && port.device_id) indexRemove(world.routerPorts, port.device_id, port.id);
  if (port.device_owner === ROUTER_GATEWAY_OWNER && world.routerGatewayPorts.get(port.device_id) === port.id) world.routerGatewayPorts.delete(port.device_id);
};

/** `value`, as the instance `known` is when they are equal: one copy in memory of what many ports repeat. */
const shared = (value: string, known: string | undefined): string => (value === known ? known : value);

/** The one empty list of every port that has none: no port is written in place (evolve makes a new one). */
const NONE: never[] = [];
const sharedList = <T>(list: T[]): T[] => (list.length === 0 ? NONE : list);

/**
 * The port as the world keeps it: the strings it repeats of its network, subnets, groups and host
 * as their instances, and its empty lists as one (a decoded event brings its own copies, and a
 * network of a thousand ports would keep a thousand). One object literal naming every field, not
 * a spread: a spread of the decoded port grew its property storage in steps, and those steps were
 * a third of what the replay promoted and then threw away (1.6 kB per port). A field added to Port
 * must be named here.
 */
const keptPort = (world: World, state: NetworkState, port: Omit<Port, keyof StandardAttributes>, attributes: StandardAttributes): Port => {
  const host = port['binding:host_id'];
  const kept: Port = {
    id: port.id,
    network_id: shared(port.network_id, state.network.id),
    project_id: shared(port.project_id, state.network.project_id),
    name: port.name,
    description: port.description,
    admin_state_up: port.admin_state_up,
    mac_address: port.mac_address,
    fixed_ips: port.fixed_ips.map((fixed) => ({ subnet_id: shared(fixed.subnet_id, state.subnets.get(fixed.subnet_id)?.subnet.id), ip_address: fixed.ip_address })),
    device_id: port.device_id,
    device_owner: port.device_owner,
    security_groups: sharedList(port.security_groups.map((group) => shared(group, world.securityGroups.get(group)?.id))),
    port_security_enabled: port.port_security_enabled,
    'binding:host_id': shared(host, world.hosts.get(host)?.id),
    'binding:vnic_type': port['binding:vnic_type'],
    tags: sharedList(port.tags),
    created_at: attributes.created_at,
    updated_at: attributes.updated_at,
    revision_number: attributes.revision_number,
  };
  // Absent stays absent: these appear only where the port has them.
  if (port.allowed_address_pairs) kept.allowed_address_pairs = sharedList(port.allowed_address_pairs);
  if (port.extra_dhcp_opts) kept.extra_dhcp_opts = sharedList(port.extra_dhcp_opts);
  if (port.status) kept.status = port.status;
  return kept;
};

export const portCreated = (world: World, event: PortCreated & At): void => {
  const state = world.networks.get(event.data.port.network_id)!;
  const port = keptPort(world, state, event.data.port, created(event.metadata.decidedAt));
  state.ports.set(port.id, port);
  state.macs.set(port.mac_address, port.id);
  takeIps(state, port.id, port.fixed_ips);
  world.portNetwork.set(port.id, port.network_id);
  link(world, port);
};

export const portUpdated = (world: World, event: PortUpdated & At): void => {
  const state = world.networks.get(event.data.network_id)!;
  const before = state.ports.get(event.data.id)!;
  const after = keptPort(world, state, { ...before, ...event.data.changes }, touchedAttributes(before, event.metadata.decidedAt));
  unlink(world, before);
  if (event.data.changes.fixed_ips) {
    releaseIps(state, before.fixed_ips);
    takeIps(state, after.id, after.fixed_ips);
  }
  if (after.mac_address !== before.mac_address) {
    state.macs.delete(before.mac_address);
    state.macs.set(after.mac_address, after.id);
  }
  state.ports.set(after.id, after);
  link(world, after);
};

export const portDeleted = (world: World, event: PortDeleted): void => {
  const state = world.networks.get(event.data.network_id)!;
  const port = state.ports.get(event.data.id)!;
  unlink(world, port);
  releaseIps(state, port.fixed_ips);
  state.macs.delete(port.mac_address);
  state.ports.delete(port.id);
  world.portNetwork.delete(port.id);
};
