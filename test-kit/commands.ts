import type { Command, OneCommand } from '../domain/commands.js';
import type { NetworkRequest } from '../domain/network/commands.js';
import type { PortRequest } from '../domain/port/commands.js';
import type { AddRouterInterface, CreateRouter, UpdateRouter } from '../domain/router/commands.js';
import type { CreateFloatingIp } from '../domain/floating-ip/commands.js';
import type { CreateSecurityGroup, CreateSecurityGroupRule } from '../domain/security-group/commands.js';
import type { SubnetRequest } from '../domain/subnet/commands.js';
import type { HostFields } from '../domain/host/host.js';
import type { CreateAddressScope } from '../domain/address-scope/commands.js';
import type { CreateSubnetPool } from '../domain/subnet-pool/commands.js';
import type { CreateRbacPolicy } from '../domain/rbac/commands.js';
import type { CreateAddressGroup } from '../domain/address-group/commands.js';

/**
 * Commands with every field a test does not care about filled in, for the decider tests and the
 * property suite: a test names only what it is about.
 */
export const networkRequest = (id: string, fields: Partial<NetworkRequest['network']> = {}): NetworkRequest => ({
  network: { id, project_id: 'p', name: '', description: '', admin_state_up: true, shared: false, 'router:external': false, cidr: null, tags: [], ...fields },
});

export const createNetwork = (id: string, fields: Partial<NetworkRequest['network']> = {}): OneCommand => ({
  type: 'CreateNetworks',
  networks: [networkRequest(id, fields)],
});

export const subnetRequest = (id: string, networkId: string, cidr: string, fields: Partial<SubnetRequest> = {}): SubnetRequest => ({
  id, network_id: networkId, project_id: 'p', name: '', description: '', ip_version: cidr.includes(':') ? 6 : 4, cidr,
  dns_nameservers: [], host_routes: [], enable_dhcp: true, ipv6_ra_mode: null, ipv6_address_mode: null, tags: [], ...fields,
});

export const createSubnet = (id: string, networkId: string, cidr: string, fields: Partial<SubnetRequest> = {}): OneCommand => ({
  type: 'CreateSubnets',
  subnets: [subnetRequest(id, networkId, cidr, fields)],
});

export const portRequest = (id: string, networkId: string, fields: Partial<PortRequest> = {}): PortRequest => ({
  id, network_id: networkId, project_id: 'p', name: '', description: '', admin_state_up: true, device_id: '', device_owner: '',
  port_security_enabled: true, 'binding:host_id': '', 'binding:vnic_type': 'normal', tags: [], mac_entropy: '1', ...fields,
});

export const createPort = (id: string, networkId: string, fields: Partial<PortRequest> = {}): OneCommand => ({
  type: 'CreatePorts',
  ports: [portRequest(id, networkId, fields)],
});

export const createSecurityGroup = (id: string, fields: Partial<CreateSecurityGroup['group']> = {}): OneCommand => ({
  type: 'CreateSecurityGroup',
  group: { id, project_id: 'p', name: id, description: '', stateful: true, tags: [], ...fields },
  rule_ids: [`${id}-egress-4`, `${id}-egress-6`],
});

export const ensureDefaultSecurityGroup = (projectId: string, groupId: string): OneCommand => ({
  type: 'EnsureDefaultSecurityGroup',
  project_id: projectId,
  group_id: groupId,
  rule_ids: [1, 2, 3, 4].map((n) => `${groupId}-rule-${n}`),
});

export const createRule = (id: string, groupId: string, fields: Partial<CreateSecurityGroupRule['rule']> = {}): OneCommand => ({
  type: 'CreateSecurityGroupRule',
  rule: {
    id, security_group_id: groupId, project_id: 'p', direction: 'ingress', ethertype: 'IPv4', protocol: null,
    port_range_min: null, port_range_max: null, remote_ip_prefix: null, remote_group_id: null, description: '', ...fields,
  },
});

export const createRouter = (id: string, fields: Partial<CreateRouter['router']> = {}): OneCommand => ({
  type: 'CreateRouter',
  router: { id, project_id: 'p', name: '', description: '', admin_state_up: true, external_gateway_info: null, routes: [], tags: [], ...fields },
  gateway_port_id: `${id}-gw`,
  mac_entropy: '8192',
});

/** A router's gateway set (or cleared, with null) by an update, its new port named after the router. */
export const setGateway = (routerId: string, gateway: UpdateRouter['changes']['external_gateway_info'], portId = `${routerId}-gw`): OneCommand => ({
  type: 'UpdateRouter',
  id: routerId,
  changes: { external_gateway_info: gateway },
  gateway_port_id: portId,
  mac_entropy: '12288',
});

export const createFloatingIp = (
  id: string,
  networkId: string,
  fields: Partial<CreateFloatingIp['floating_ip']> = {},
): OneCommand => ({
  type: 'CreateFloatingIp',
  floating_ip: { id, project_id: 'p', floating_network_id: networkId, description: '', tags: [], ...fields },
  floating_port_id: `${id}-port`,
  mac_entropy: '16384',
});

export const mapFloatingIp = (id: string, portId: string | null, fixedIp?: string): OneCommand => ({
  type: 'UpdateFloatingIp',
  id,
  changes: fixedIp === undefined ? { port_id: portId } : { port_id: portId, fixed_ip_address: fixedIp },
});

export const addInterface = (routerId: string, target: { subnet_id: string } | { port_id: string }, newPortId = `${routerId}-if`): AddRouterInterface => ({
  type: 'AddRouterInterface',
  router_id: routerId,
  new_port_id: newPortId,
  mac_entropy: '4096',
  ...target,
});

export const registerHost = (id: string, fields: Partial<HostFields> = {}): OneCommand => ({
  type: 'RegisterHost',
  host: { id, name: id, description: '', tunnel_ip: '192.0.2.1', mac: '52:54:00:00:00:01', ...fields },
});

export const createAddressScope = (id: string, ipVersion: 4 | 6 = 4, fields: Partial<CreateAddressScope['scope']> = {}): OneCommand => ({
  type: 'CreateAddressScope',
  scope: { id, project_id: 'p', name: id, shared: false, ip_version: ipVersion, ...fields },
});

export const createSubnetPool = (id: string, prefixes: string[], fields: Partial<CreateSubnetPool['pool']> = {}): OneCommand => ({
  type: 'CreateSubnetPool',
  pool: { id, project_id: 'p', name: id, description: '', prefixes, is_default: false, shared: false, tags: [], ...fields },
});

/** A subnet whose block the pool chooses (`prefixlen` absent: the pool's default length). */
export const subnetFromPool = (id: string, networkId: string, poolId: string, fields: Partial<SubnetRequest> = {}): OneCommand => ({
  type: 'CreateSubnets',
  subnets: [
    {
      id, network_id: networkId, project_id: 'p', name: '', description: '', ip_version: 4, subnetpool_id: poolId,
      dns_nameservers: [], host_routes: [], enable_dhcp: true, ipv6_ra_mode: null, ipv6_address_mode: null, tags: [], ...fields,
    },
  ],
});

export const createRbacPolicy = (id: string, networkId: string, target: string, fields: Partial<CreateRbacPolicy['policy']> = {}): OneCommand => ({
  type: 'CreateRbacPolicy',
  policy: { id, project_id: 'p', object_type: 'network', object_id: networkId, action: 'access_as_shared', target_tenant: target, ...fields },
});

export const createAddressGroup = (id: string, addresses: string[], fields: Partial<CreateAddressGroup['group']> = {}): OneCommand => ({
  type: 'CreateAddressGroup',
  group: { id, project_id: 'p', name: id, description: '', addresses, ...fields },
});

/** Commands decided in turn as one bulk. */
export const bulk = (...commands: OneCommand[]): Command => ({ type: 'Bulk', commands });
