import fc from 'fast-check';
import type { Command } from '../domain/index.js';
import {
  addInterface,
  createFloatingIp,
  createAddressGroup,
  createNetwork,
  createPort,
  createRouter,
  createRule,
  createSecurityGroup,
  createSubnet,
  mapFloatingIp,
  registerHost,
  setGateway,
} from './commands.js';

/** A small universe of hosts, networks, groups and ports, and random commands over it, for the goal-state and southbound tests. */
export const HOSTS = ['h0', 'h1', 'h2', 'h3'];
const GROUPS = ['g0', 'g1', 'g2'];
const PORTS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'];
const RULES = ['r0', 'r1', 'r2', 'r3'];
const FLOATING_IPS = ['f0', 'f1', 'f2'];
const ADDRESS_GROUPS = ['ag0', 'ag1'];
const BLOCKS = ['10.8.0.0/16', '10.9.0.0/24', 'fd08::/64'];

export const setting: Command[] = [
  ...HOSTS.map((h, i) => registerHost(h, { tunnel_ip: `192.0.2.${i + 1}`, gateway: i < 2 })),
  createNetwork('x0', { 'router:external': true }),
  createSubnet('xs0', 'x0', '203.0.113.0/24', { enable_dhcp: false }),
  createNetwork('n0'),
  createNetwork('n1'),
  createSubnet('s0', 'n0', '10.0.0.0/24'),
  createSubnet('s1', 'n1', '10.1.0.0/24'),
  ...GROUPS.map((g) => createSecurityGroup(g)),
  createRouter('rt', { external_gateway_info: { network_id: 'x0' } }),
  addInterface('rt', { subnet_id: 's0' }, 'rt-if-s0'),
  createRule('r0', 'g0', { remote_group_id: 'g1' }),
  ...ADDRESS_GROUPS.map((id) => createAddressGroup(id, ['192.0.2.0/24'])),
  createRule('ar0', 'g1', { remote_address_group_id: 'ag0' }),
  ...PORTS.slice(0, 6).map((id, i) =>
    createPort(id, i % 2 === 0 ? 'n0' : 'n1', { 'binding:host_id': HOSTS[i % HOSTS.length], security_groups: [GROUPS[i % GROUPS.length]], mac_entropy: String(i + 1) }),
  ),
  createFloatingIp('f0', 'x0', { port_id: 'p0' }),
];

const host = fc.constantFrom('', ...HOSTS);
const groups = fc.subarray(GROUPS);
const port = fc.constantFrom(...PORTS);

/** Commands over a small universe, so that they collide: many are refused, and that is part of the test. */
export const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ id: port, network: fc.constantFrom('n0', 'n1'), host, groups }).map(({ id, network, host, groups }) =>
    createPort(id, network, { 'binding:host_id': host, security_groups: groups, mac_entropy: String(PORTS.indexOf(id) + 1) }),
  ), weight: 3 },
  { arbitrary: fc.record({ id: port, host }).map(({ id, host }): Command => ({ type: 'UpdatePort', id, changes: { 'binding:host_id': host } })), weight: 3 },
  { arbitrary: fc.record({ id: port, groups }).map(({ id, groups }): Command => ({ type: 'UpdatePort', id, changes: { security_groups: groups } })), weight: 3 },
  fc.record({ id: port, subnet: fc.constantFrom('s0', 's1', 's2') }).map(
    ({ id, subnet }): Command => ({ type: 'UpdatePort', id, changes: { fixed_ips: [{ subnet_id: subnet }] } }),
  ),
  fc.record({ id: port, up: fc.boolean() }).map(({ id, up }): Command => ({ type: 'UpdatePort', id, changes: { admin_state_up: up } })),
  port.map((id): Command => ({ type: 'DeletePort', id })),
  fc.record({ id: fc.constantFrom(...RULES), group: fc.constantFrom(...GROUPS), remote: fc.constantFrom(null, ...GROUPS), port: fc.integer({ min: 1, max: 1000 }) }).map(
    ({ id, group, remote, port }) => createRule(id, group, { remote_group_id: remote, protocol: 'tcp', port_range_min: port, port_range_max: port }),
  ),
  fc.constantFrom(...RULES).map((id): Command => ({ type: 'DeleteSecurityGroupRule', id })),
  fc.record({ id: fc.constantFrom('ar0', 'ar1'), group: fc.constantFrom(...GROUPS), remote: fc.constantFrom(...ADDRESS_GROUPS) }).map(
    ({ id, group, remote }) => createRule(id, group, { remote_address_group_id: remote }),
  ),
  fc.constantFrom('ar0', 'ar1').map((id): Command => ({ type: 'DeleteSecurityGroupRule', id })),
  fc.record({ id: fc.constantFrom(...ADDRESS_GROUPS), block: fc.constantFrom(...BLOCKS), add: fc.boolean() }).map(
    ({ id, block, add }): Command => ({ type: add ? 'AddAddressGroupAddresses' : 'RemoveAddressGroupAddresses', id, addresses: [block] }),
  ),
  fc.constantFrom(...ADDRESS_GROUPS).map((id): Command => ({ type: 'DeleteAddressGroup', id })),
  fc.constantFrom(...ADDRESS_GROUPS).map((id) => createAddressGroup(id, ['198.51.100.0/24'])),
  fc.record({ id: fc.constantFrom(...HOSTS), last: fc.integer({ min: 1, max: 254 }) }).map(
    ({ id, last }): Command => ({ type: 'UpdateHost', id, changes: { tunnel_ip: `198.51.100.${last}` } }),
  ),
  fc.record({ id: fc.constantFrom('n0', 'n1'), mtu: fc.integer({ min: 1280, max: 9000 }) }).map(({ id, mtu }): Command => ({ type: 'UpdateNetwork', id, changes: { mtu } })),
  fc.record({ id: fc.constantFrom('s0', 's1'), dns: fc.constantFrom([], ['192.0.2.53'], ['192.0.2.53', '192.0.2.54']) }).map(
    ({ id, dns }): Command => ({ type: 'UpdateSubnet', id, changes: { dns_nameservers: [...dns] } }),
  ),
  fc.constant(createSubnet('s2', 'n0', '10.0.1.0/24')),
  fc.constant<Command>({ type: 'DeleteSubnet', id: 's2' }),
  fc.record({ subnet: fc.constantFrom('s0', 's1', 's2'), n: fc.integer({ min: 0, max: 1_000_000 }) }).map(({ subnet, n }) => addInterface('rt', { subnet_id: subnet }, `rt-if-${n}`)),
  fc.constantFrom('s0', 's1', 's2').map((subnet): Command => ({ type: 'RemoveRouterInterface', router_id: 'rt', subnet_id: subnet })),
  fc.boolean().map((up): Command => ({ type: 'UpdateRouter', id: 'rt', changes: { admin_state_up: up } })),
  fc.record({ on: fc.boolean(), n: fc.integer({ min: 0, max: 1_000_000 }) }).map(({ on, n }) => setGateway('rt', on ? { network_id: 'x0' } : null, `rt-gw-${n}`)),
  fc.constantFrom(...FLOATING_IPS).map((id) => createFloatingIp(id, 'x0')),
  { arbitrary: fc.record({ id: fc.constantFrom(...FLOATING_IPS), port: fc.constantFrom(null, ...PORTS) }).map(({ id, port }) => mapFloatingIp(id, port)), weight: 2 },
  fc.constantFrom(...FLOATING_IPS).map((id): Command => ({ type: 'DeleteFloatingIp', id })),
  fc.record({ id: fc.constantFrom(...HOSTS), gateway: fc.boolean() }).map(({ id, gateway }): Command => ({ type: 'UpdateHost', id, changes: { gateway } })),
  fc.record({ id: port, pairs: fc.subarray(['10.0.0.200', '10.1.0.200', '10.0.0.0/28']) }).map(
    ({ id, pairs }): Command => ({ type: 'UpdatePort', id, changes: { allowed_address_pairs: pairs.map((ip_address) => ({ ip_address })) } }),
  ),
);
