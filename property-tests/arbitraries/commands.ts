import fc from 'fast-check';
import type { Command } from '../../domain/index.js';
import type { PortRequest } from '../../domain/port/commands.js';
import {
  addInterface,
  createAddressGroup,
  createAddressScope,
  createRbacPolicy,
  createSubnetPool,
  subnetFromPool,
  createNetwork,
  createPort,
  createRouter,
  createRule,
  createSecurityGroup,
  createSubnet,
  ensureDefaultSecurityGroup,
  portRequest,
  registerHost,
} from '../../test-kit/commands.js';
import { ADDRESSES, GROUPS, HOSTS, MACS, NETWORKS, NETWORK_CIDRS, PORTS, PROJECTS, ROUTERS, RULES, SUBNETS, SUBNET_CIDRS } from './universe.js';

const maybe = <T>(arb: fc.Arbitrary<T>, freq = 1): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq });

/** Mostly what the prologue created, sometimes any id of the universe: commands meet live resources. */
const mostly = <T>(usual: T, all: readonly T[]): fc.Arbitrary<T> => fc.oneof({ weight: 3, arbitrary: fc.constant(usual) }, fc.constantFrom(...all));
const network = mostly('n1', NETWORKS);
const subnet = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('s1', 's2', 's3') }, fc.constantFrom(...SUBNETS));
const group = mostly('g1', GROUPS);
const router = mostly('rt1', ROUTERS);
const host = mostly('h1', HOSTS);
const port = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PORTS.slice(0, 3)) }, fc.constantFrom(...PORTS));

const pool = fc.constantFrom(...ADDRESSES).chain((start) =>
  fc.constantFrom(...ADDRESSES.filter((a) => a.includes(':') === start.includes(':'))).map((end) => ({ start, end })),
);

export const networkCommand: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({
    id: fc.constantFrom(...NETWORKS),
    project: fc.constantFrom(...PROJECTS),
    cidr: maybe(fc.constantFrom(...NETWORK_CIDRS), 3),
    segmentation: maybe(fc.constantFrom(1, 2, 7), 4),
    external: fc.boolean(),
  }).map(({ id, project, cidr, segmentation, external }) =>
    createNetwork(id, { project_id: project, cidr: cidr ?? null, 'router:external': external, ...(segmentation === undefined ? {} : { segmentation_id: segmentation }) })) },
  { weight: 1, arbitrary: fc.constantFrom(...NETWORKS).map((id): Command => ({ type: 'DeleteNetwork', id })) },
);

export const subnetCommand: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({
    id: fc.constantFrom(...SUBNETS),
    network,
    cidr: fc.constantFrom(...SUBNET_CIDRS),
    gateway: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, fc.constant(null), fc.constantFrom(...ADDRESSES)),
    pools: maybe(fc.array(pool, { minLength: 1, maxLength: 2 }), 4),
    // Mostly on, so point-to-point subnets (where Neutron refuses DHCP) are both refused and made.
    dhcp: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
  }).map(({ id, network, cidr, gateway, pools, dhcp }) =>
    createSubnet(id, network, cidr, { enable_dhcp: dhcp, ...(gateway === undefined ? {} : { gateway_ip: gateway }), ...(pools === undefined ? {} : { allocation_pools: pools }) })) },
  { weight: 1, arbitrary: fc.constantFrom(...SUBNETS).map((id): Command => ({ type: 'DeleteSubnet', id })) },
);

const fixedIp = fc.oneof(
  fc.record({ subnet_id: subnet }),
  fc.record({ ip_address: fc.constantFrom(...ADDRESSES) }),
  fc.record({ subnet_id: subnet, ip_address: fc.constantFrom(...ADDRESSES) }),
);
const fixedIps = maybe(fc.array(fixedIp, { minLength: 0, maxLength: 2 }), 3);

const portFields: fc.Arbitrary<Partial<PortRequest>> = fc.record({
  project_id: fc.constantFrom(...PROJECTS),
  fixed_ips: fixedIps,
  mac_address: maybe(fc.constantFrom(...MACS), 4),
  mac_entropy: fc.constantFrom('1', '2', '3'),
  security_groups: maybe(fc.oneof({ weight: 2, arbitrary: fc.constant(['g1']) }, fc.subarray([...GROUPS], { maxLength: 2 })), 3),
  'binding:host_id': fc.oneof({ weight: 2, arbitrary: fc.constant('') }, host),
  port_security_enabled: fc.constantFrom(true, true, true, false),
  device_owner: fc.constantFrom('', '', 'network:dhcp'),
}).map((fields) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));

export const portCommand: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(port, network, portFields).map(([id, network, fields]) => createPort(id, network, fields)) },
  { weight: 2, arbitrary: fc.tuple(fc.uniqueArray(fc.constantFrom(...PORTS), { minLength: 2, maxLength: 3 }), network, fc.array(portFields, { minLength: 3, maxLength: 3 }))
    .map(([ids, network, fields]): Command => ({ type: 'CreatePorts', ports: ids.map((id, i) => portRequest(id, network, fields[i])) })) },
  { weight: 3, arbitrary: fc.record({
    id: port,
    changes: fc.oneof(
      fc.record({ fixed_ips: fc.array(fixedIp, { maxLength: 2 }) }),
      fc.record({ 'binding:host_id': fc.oneof(fc.constant(''), host) }),
      fc.record({ security_groups: fc.subarray([...GROUPS], { maxLength: 2 }) }),
      fc.record({ mac_address: fc.constantFrom(...MACS) }),
    ),
  }).map(({ id, changes }): Command => ({ type: 'UpdatePort', id, changes })) },
  { weight: 2, arbitrary: port.map((id): Command => ({ type: 'DeletePort', id })) },
);

export const securityGroupCommand: fc.Arbitrary<Command> = fc.oneof(
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...GROUPS), fc.constantFrom(...PROJECTS), fc.constantFrom('web', 'default')).map(([id, project, name]) => createSecurityGroup(id, { project_id: project, name })) },
  fc.tuple(fc.constantFrom(...PROJECTS), fc.constantFrom(...GROUPS)).map(([project, id]) => ensureDefaultSecurityGroup(project, id)),
  fc.tuple(group, fc.boolean()).map(([id, by_admin]): Command => ({ type: 'DeleteSecurityGroup', id, by_admin })),
  { weight: 3, arbitrary: fc.record({
    id: fc.constantFrom(...RULES),
    group,
    direction: fc.constantFrom('ingress' as const, 'egress' as const),
    protocol: fc.constantFrom(null, 'tcp', 'TCP', 6, 'icmp', 'gre', 'ipv6-icmp'),
    ports: fc.constantFrom([null, null], [22, 22], [80, 8080], [0, 5], [8, null], [null, 0]),
    remote: fc.constantFrom(
      { remote_ip_prefix: null, remote_group_id: null },
      { remote_ip_prefix: '10.0.0.0/8', remote_group_id: null },
      { remote_ip_prefix: '10.9.9.9/8', remote_group_id: null },
      { remote_ip_prefix: 'fd00::/8', remote_group_id: null },
      { remote_ip_prefix: null, remote_group_id: 'g1' },
      { remote_ip_prefix: null, remote_group_id: 'g2' },
      { remote_ip_prefix: '10.0.0.0/8', remote_group_id: 'g1' },
    ),
  }).map(({ id, group, direction, protocol, ports, remote }) =>
    createRule(id, group, { direction, protocol, port_range_min: ports[0], port_range_max: ports[1], ...remote })) },
  fc.constantFrom(...RULES).map((id): Command => ({ type: 'DeleteSecurityGroupRule', id })),
);

export const routerCommand: fc.Arbitrary<Command> = fc.oneof(
  fc.tuple(fc.constantFrom(...ROUTERS), maybe(fc.constantFrom(...NETWORKS), 3)).map(([id, external]) =>
    createRouter(id, { external_gateway_info: external === undefined ? null : { network_id: external, enable_snat: true } })),
  router.map((id): Command => ({ type: 'DeleteRouter', id })),
  { weight: 3, arbitrary: fc.tuple(router, fc.oneof(fc.record({ subnet_id: subnet }), fc.record({ port_id: port })), fc.constantFrom('if1', 'if2', 'p1'))
    .map(([router, target, newPort]) => addInterface(router, target, newPort)) },
  fc.tuple(router, subnet).map(([router_id, subnet_id]): Command => ({ type: 'RemoveRouterInterface', router_id, subnet_id })),
  fc.tuple(router, fc.constantFrom('10.0.0.6', '10.0.1.1', 'fd00::3')).map(([id, nexthop]): Command => ({
    type: 'UpdateRouter', id, changes: { routes: [{ destination: '192.168.0.0/16', nexthop }] },
  })),
);

export const hostCommand: fc.Arbitrary<Command> = fc.oneof(
  fc.constantFrom(...HOSTS).map((id) => registerHost(id)),
  fc.constantFrom(...HOSTS).map((id): Command => ({ type: 'RemoveHost', id })),
);

const POOLS = ['sp1', 'sp2'];
const SCOPES = ['as1', 'as2'];
const POLICIES = ['rb1', 'rb2'];
const ADDRESS_GROUPS = ['ag1', 'ag2'];

/** Subnet pools and address scopes, subnets taken from pools, RBAC policies, quotas and address groups. */
export const addressPlanCommand: fc.Arbitrary<Command> = fc.oneof(
  fc.tuple(fc.constantFrom(...SCOPES), fc.constantFrom(4 as const, 6 as const), fc.boolean()).map(([id, version, shared]) => createAddressScope(id, version, { shared })),
  fc.tuple(fc.constantFrom(...SCOPES), fc.boolean()).map(([id, shared]): Command => ({ type: 'UpdateAddressScope', id, changes: { shared } })),
  fc.constantFrom(...SCOPES).map((id): Command => ({ type: 'DeleteAddressScope', id })),
  { weight: 2, arbitrary: fc.record({
    id: fc.constantFrom(...POOLS),
    prefixes: fc.constantFrom(['10.8.0.0/16'], ['10.8.0.0/20'], ['10.9.0.0/24', '10.9.1.0/24'], ['fd08::/48']).map((p) => [...p]),
    scope: maybe(fc.constantFrom(...SCOPES), 2),
    isDefault: fc.boolean(),
    quota: maybe(fc.constantFrom(512, 4096), 3),
    length: maybe(fc.constantFrom(24, 26, 64), 2),
  }).map(({ id, prefixes, scope, isDefault, quota, length }) =>
    createSubnetPool(id, prefixes, {
      is_default: isDefault,
      ...(scope === undefined ? {} : { address_scope_id: scope }),
      ...(quota === undefined ? {} : { default_quota: quota }),
      ...(length === undefined ? {} : { default_prefixlen: length }),
    })) },
  fc.tuple(fc.constantFrom(...POOLS), fc.constantFrom(['10.8.0.0/15'], ['10.8.0.0/16', '10.20.0.0/16'], ['10.30.0.0/16'])).map(
    ([id, prefixes]): Command => ({ type: 'UpdateSubnetPool', id, changes: { prefixes: [...prefixes] } }),
  ),
  fc.tuple(fc.constantFrom(...POOLS), fc.constantFrom(null, ...SCOPES)).map(([id, scope]): Command => ({ type: 'UpdateSubnetPool', id, changes: { address_scope_id: scope } })),
  fc.constantFrom(...POOLS).map((id): Command => ({ type: 'DeleteSubnetPool', id })),
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...SUBNETS), network, fc.constantFrom(...POOLS), maybe(fc.constantFrom(24, 28, 30), 2), fc.constantFrom(4 as const, 6 as const)).map(
    ([id, network, pool, prefixlen, version]) => subnetFromPool(id, network, pool, { ip_version: version, ...(prefixlen === undefined ? {} : { prefixlen }) }),
  ) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...POLICIES), network, fc.constantFrom('*', 'p2'), fc.constantFrom('access_as_shared' as const, 'access_as_external' as const)).map(
    ([id, network, target, action]) => createRbacPolicy(id, network, target, { action }),
  ) },
  fc.tuple(fc.constantFrom(...POLICIES), fc.constantFrom('*', 'p1', 'p2')).map(([id, target]): Command => ({ type: 'UpdateRbacPolicy', id, changes: { target_tenant: target } })),
  fc.constantFrom(...POLICIES).map((id): Command => ({ type: 'DeleteRbacPolicy', id })),
  fc.tuple(network, fc.boolean()).map(([id, shared]): Command => ({ type: 'UpdateNetwork', id, changes: { shared } })),
  fc.tuple(fc.constantFrom(...PROJECTS), fc.constantFrom(0, 1, 3, -1)).map(([project, ports]): Command => ({ type: 'UpdateQuota', project_id: project, limits: { port: ports, network: ports } })),
  fc.constantFrom(...PROJECTS).map((project): Command => ({ type: 'ResetQuota', project_id: project })),
  fc.constantFrom(...ADDRESS_GROUPS).map((id) => createAddressGroup(id, ['10.1.0.0/16'])),
  fc.tuple(fc.constantFrom(...ADDRESS_GROUPS), fc.constantFrom('10.1.0.0/16', '10.2.0.7/16'), fc.boolean()).map(
    ([id, block, add]): Command => ({ type: add ? 'AddAddressGroupAddresses' : 'RemoveAddressGroupAddresses', id, addresses: [block] }),
  ),
  fc.tuple(fc.constantFrom(...ADDRESS_GROUPS), fc.constantFrom(...RULES), group).map(([ag, id, g]) => createRule(id, g, { remote_address_group_id: ag })),
  fc.constantFrom(...ADDRESS_GROUPS).map((id): Command => ({ type: 'DeleteAddressGroup', id })),
);

/** Any command of the domain, weighted toward what allocates and frees addresses. */
export const anyCommand: fc.Arbitrary<Command> = fc.oneof(
  { weight: 1, arbitrary: networkCommand },
  { weight: 2, arbitrary: subnetCommand },
  { weight: 8, arbitrary: portCommand },
  { weight: 2, arbitrary: securityGroupCommand },
  { weight: 2, arbitrary: routerCommand },
  { weight: 1, arbitrary: hostCommand },
);

/**
 * Where every generated history starts: two networks with subnets of both versions, a host, a
 * group and a router, so that most generated commands meet something that exists.
 */
export const PROLOGUE: readonly Command[] = [
  createNetwork('n1'),
  createSubnet('s1', 'n1', '10.0.0.0/29'),
  createSubnet('s2', 'n1', 'fd00::/125'),
  createNetwork('n2', { cidr: '10.0.0.0/16' }),
  createSubnet('s3', 'n2', '10.0.0.0/24', { allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.6' }, { start: '10.0.0.250', end: '10.0.0.254' }] }),
  registerHost('h1'),
  createSecurityGroup('g1'),
  createRouter('rt1'),
];

/** The generated part of a history: what follows the prologue (the model-based test models `anyCommand` only). */
export const commandsAfterPrologue = (maxLength: number): fc.Arbitrary<Command[]> =>
  fc.array(fc.oneof({ weight: 5, arbitrary: anyCommand }, { weight: 1, arbitrary: addressPlanCommand }), { maxLength, size: '+1' });
