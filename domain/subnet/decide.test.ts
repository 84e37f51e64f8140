import { describe, expect, it } from 'vitest';
import type { Command } from '../commands.js';
import type { DomainEvent } from '../events.js';
import { createNetwork, createPort, createSubnet } from '../../test-kit/commands.js';
import { deciderSpec } from '../../test-kit/decider-spec.js';

const network = createNetwork('net-1');

/** The gateway and pools a created subnet was given. */
const layout = ([created]: DomainEvent[]) => {
  if (created.type !== 'SubnetCreated') throw new Error(`expected SubnetCreated, got ${created.type}`);
  return { gateway: created.data.subnet.gateway_ip, pools: created.data.subnet.allocation_pools.map((p) => `${p.start}-${p.end}`) };
};

/** Without DHCP: Neutron refuses DHCP on a /31, /32, /127 or /128. */
const defaults = (cidr: string) => deciderSpec(network).when(createSubnet('sub-1', 'net-1', cidr, { enable_dhcp: false }));

describe('subnet decider: Neutron defaults', () => {
  it.each([
    ['10.0.0.0/24', '10.0.0.1', ['10.0.0.2-10.0.0.254']],
    ['10.0.0.0/30', '10.0.0.1', ['10.0.0.2-10.0.0.2']],
    ['10.0.0.0/31', '10.0.0.0', ['10.0.0.1-10.0.0.1']],
    ['10.0.0.7/32', null, ['10.0.0.7-10.0.0.7']],
    ['2001:db8::/64', '2001:db8::1', ['2001:db8::2-2001:db8::ffff:ffff:ffff:ffff']],
    ['2001:db8::/127', '2001:db8::', ['2001:db8::1-2001:db8::1']],
    ['2001:db8::5/128', null, ['2001:db8::5-2001:db8::5']],
  ])('%s gets gateway %s and pools %j', (cidr, gateway, pools) =>
    defaults(cidr).then((events) => expect(layout(events)).toEqual({ gateway, pools })));

  it('gives a subnet without gateway the whole usable range as its pool', () =>
    deciderSpec(network)
      .when(createSubnet('sub-1', 'net-1', '10.0.0.0/24', { gateway_ip: null }))
      .then((events) => expect(layout(events)).toEqual({ gateway: null, pools: ['10.0.0.1-10.0.0.254'] })));

  it('splits the default pool around a gateway in the middle', () =>
    deciderSpec(network)
      .when(createSubnet('sub-1', 'net-1', '10.0.0.0/24', { gateway_ip: '10.0.0.100' }))
      .then((events) => expect(layout(events)).toEqual({ gateway: '10.0.0.100', pools: ['10.0.0.1-10.0.0.99', '10.0.0.101-10.0.0.254'] })));

  it('stores addresses in canonical form', () =>
    deciderSpec(network)
      .when(createSubnet('sub-1', 'net-1', '2001:DB8:0::/64', { gateway_ip: '2001:db8:0:0::ffff' }))
      .then(([created]) => expect(created.type === 'SubnetCreated' && [created.data.subnet.cidr, created.data.subnet.gateway_ip]).toEqual(['2001:db8::/64', '2001:db8::ffff'])));

  it('accepts pools at the very edges of the usable range', () =>
    deciderSpec(network)
      .when(createSubnet('sub-1', 'net-1', '10.0.0.0/24', { gateway_ip: '10.0.0.128', allocation_pools: [{ start: '10.0.0.129', end: '10.0.0.254' }, { start: '10.0.0.1', end: '10.0.0.1' }] }))
      .then((events) => expect(layout(events).pools).toEqual(['10.0.0.1-10.0.0.1', '10.0.0.129-10.0.0.254'])));
});

describe('subnet decider: invariants', () => {
  it('refuses a cidr outside the network cidr', () =>
    deciderSpec(createNetwork('net-1', { cidr: '10.0.0.0/16' }))
      .when(createSubnet('sub-1', 'net-1', '10.1.0.0/24'))
      .thenError('InvalidInput', /not inside the network cidr/));

  it('accepts a cidr inside the network cidr, up to the whole of it', () =>
    deciderSpec(createNetwork('net-1', { cidr: '10.0.0.0/16' })).when(createSubnet('sub-1', 'net-1', '10.0.0.0/16')).then((events) => expect(events).toHaveLength(1)));

  it.each([
    ['10.0.0.0/24', '10.0.0.0/24'],
    ['10.0.0.0/24', '10.0.0.128/25'],
    ['10.0.0.128/25', '10.0.0.0/16'],
    ['fd00::/64', 'fd00::/48'],
  ])('refuses %s next to %s: they overlap', (first, second) =>
    deciderSpec(network, createSubnet('sub-1', 'net-1', first)).when(createSubnet('sub-2', 'net-1', second)).thenError('InvalidInput', /overlaps/));

  it('allows the same cidr in another network', () =>
    deciderSpec(network, createNetwork('net-2'), createSubnet('sub-1', 'net-1', '10.0.0.0/24'))
      .when(createSubnet('sub-2', 'net-2', '10.0.0.0/24'))
      .then((events) => expect(events).toHaveLength(1)));

  it('refuses a cidr of the other IP version, and clears host bits as Neutron does', () => {
    deciderSpec(network).when(createSubnet('sub-1', 'net-1', 'fd00::/64', { ip_version: 4 })).thenError('InvalidInput', /ip_version/);
    deciderSpec(network)
      .when(createSubnet('sub-1', 'net-1', '10.0.0.1/24'))
      .then(([created]) => expect((created.data as { subnet: { cidr: string } }).subnet.cidr).toBe('10.0.0.0/24'));
  });

  it.each([
    ['10.0.0.0/31', {}, /incompatible with DHCP/],
    ['10.0.0.7/32', {}, /incompatible with DHCP/],
    ['2001:db8::/128', {}, /incompatible with DHCP/],
    ['10.0.0.0/24', { ipv6_address_mode: 'slaac' }, /ipv6_address_mode is not valid when ip_version is 4/],
    ['10.0.0.0/24', { ipv6_ra_mode: 'slaac' }, /ipv6_ra_mode is not valid when ip_version is 4/],
    ['fd00::/80', { ip_version: 6, ipv6_address_mode: 'slaac' }, /requires the prefix to be \/64/],
    ['fd00::/80', { ip_version: 6, ipv6_ra_mode: 'dhcpv6-stateless' }, /requires the prefix to be \/64/],
    ['fd00::/64', { ip_version: 6, ipv6_ra_mode: 'dhcpv6-stateful', ipv6_address_mode: 'slaac' }, /must be the same value/],
  ] as const)("refuses %s with %j as Neutron does", (cidr, fields, message) =>
    deciderSpec(network).when(createSubnet('sub-1', 'net-1', cidr, fields)).thenError('InvalidInput', message));

  it('takes a dhcpv6-stateful subnet of any length, and a /31 without DHCP', () => {
    deciderSpec(network).when(createSubnet('sub-1', 'net-1', 'fd00::/80', { ip_version: 6, ipv6_address_mode: 'dhcpv6-stateful' })).then((e) => expect(e).toHaveLength(1));
    deciderSpec(network).when(createSubnet('sub-1', 'net-1', '10.0.0.0/31', { enable_dhcp: false })).then((e) => expect(e).toHaveLength(1));
  });

  it.each([
    ['outside the subnet', '10.0.1.1'],
    ['the network address', '10.0.0.0'],
    ['the broadcast address', '10.0.0.255'],
    ['not an address', '10.0.0.300'],
  ])('refuses a gateway %s', (_what, gateway) =>
    deciderSpec(network).when(createSubnet('sub-1', 'net-1', '10.0.0.0/24', { gateway_ip: gateway })).thenError('InvalidInput'));

  it.each([
    ['beyond the subnet', [{ start: '10.0.0.10', end: '10.0.1.10' }], 'OutOfBoundsAllocationPool', /spans beyond/],
    ['reversed', [{ start: '10.0.0.20', end: '10.0.0.10' }], 'InvalidAllocationPool', /not valid/],
    ['holding the network address', [{ start: '10.0.0.0', end: '10.0.0.10' }], 'OutOfBoundsAllocationPool', /spans beyond/],
    ['holding the broadcast address', [{ start: '10.0.0.250', end: '10.0.0.255' }], 'OutOfBoundsAllocationPool', /spans beyond/],
    ['overlapping another pool', [{ start: '10.0.0.10', end: '10.0.0.20' }, { start: '10.0.0.20', end: '10.0.0.30' }], 'OverlappingAllocationPools', /overlapping/],
    ['holding the gateway', [{ start: '10.0.0.1', end: '10.0.0.20' }], 'GatewayConflictWithAllocationPools', /conflicts with allocation pool/],
    ['of invalid addresses', [{ start: 'ten', end: '10.0.0.20' }], 'InvalidInput', /not a valid allocation pool/],
  ] as const)('refuses a pool %s with the type Neutron uses', (_what, pools, type, message) =>
    deciderSpec(network).when(createSubnet('sub-1', 'net-1', '10.0.0.0/24', { allocation_pools: [...pools] })).thenError(type, message));

  it('refuses bad nameservers and host routes', () => {
    deciderSpec(network).when(createSubnet('sub-1', 'net-1', '10.0.0.0/24', { dns_nameservers: ['8.8.8.8', '8.8.8.8'] })).thenError('InvalidInput', /Duplicate/);
    deciderSpec(network)
      .when(createSubnet('sub-1', 'net-1', '10.0.0.0/24', { host_routes: [{ destination: 'fd00::/64', nexthop: '10.0.0.9' }] }))
      .thenError('InvalidInput', /IP version 4/);
  });

  it('refuses a subnet on an unknown network, or an id that exists', () => {
    deciderSpec().when(createSubnet('sub-1', 'nope', '10.0.0.0/24')).thenError('NetworkNotFound');
    deciderSpec(network, createSubnet('sub-1', 'net-1', '10.0.0.0/24')).when(createSubnet('sub-1', 'net-1', '10.1.0.0/24')).thenError('Conflict');
  });
});

describe('subnet decider: update and delete', () => {
  const subnet = createSubnet('sub-1', 'net-1', '10.0.0.0/24', { allocation_pools: [{ start: '10.0.0.10', end: '10.0.0.20' }] });
  const update = (changes: Extract<Command, { type: 'UpdateSubnet' }>['changes'], if_revision?: number): Command => ({
    type: 'UpdateSubnet',
    id: 'sub-1',
    changes,
    ...(if_revision === undefined ? {} : { if_revision }),
  });

  it('moves the gateway to a free address outside the pools', () =>
    deciderSpec(network, subnet)
      .when(update({ gateway_ip: '10.0.0.30' }))
      .thenEvents([{ type: 'SubnetUpdated', version: 1, data: { id: 'sub-1', network_id: 'net-1', changes: { gateway_ip: '10.0.0.30' } } }]));

  it('refuses a gateway inside the current pools', () =>
    deciderSpec(network, subnet).when(update({ gateway_ip: '10.0.0.15' })).thenError('GatewayConflictWithAllocationPools', /conflicts with allocation pool/));

  it('refuses a gateway that a port holds', () =>
    deciderSpec(network, subnet, createPort('port-1', 'net-1', { fixed_ips: [{ ip_address: '10.0.0.50' }] }))
      .when(update({ gateway_ip: '10.0.0.50' }))
      .thenError('Conflict', /in use by port port-1/));

  it('checks new pools against the subnet and the gateway', () => {
    deciderSpec(network, subnet).when(update({ allocation_pools: [{ start: '10.0.0.1', end: '10.0.0.5' }] })).thenError('GatewayConflictWithAllocationPools', /conflicts/);
    deciderSpec(network, subnet).when(update({ allocation_pools: [{ start: '10.0.0.2', end: '10.0.1.5' }] })).thenError('OutOfBoundsAllocationPool', /spans beyond/);
    deciderSpec(network, subnet)
      .when(update({ allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.5' }] }))
      .then(([updated]) => expect(updated.type).toBe('SubnetUpdated'));
  });

  it('refuses to delete a subnet a port has an address on, and changes nothing', () =>
    deciderSpec(network, subnet, createPort('port-1', 'net-1')).when({ type: 'DeleteSubnet', id: 'sub-1' }).thenError('SubnetInUse'));

  it('deletes a subnet once its last port is gone', () =>
    deciderSpec(network, subnet, createPort('port-1', 'net-1'), { type: 'DeletePort', id: 'port-1' })
      .when({ type: 'DeleteSubnet', id: 'sub-1' })
      .thenEvents([{ type: 'SubnetDeleted', version: 1, data: { id: 'sub-1', network_id: 'net-1' } }]));

  it('applies an update or delete only at the revision If-Match names', () => {
    deciderSpec(network, subnet).when(update({ name: 'x' }, 3)).thenError('RevisionNumberConstraintFailed');
    deciderSpec(network, subnet).when(update({ name: 'x' }, 0)).then(([updated]) => expect(updated.type).toBe('SubnetUpdated'));
    deciderSpec(network, subnet, update({ name: 'x' })).when({ type: 'DeleteSubnet', id: 'sub-1', if_revision: 0 }).thenError('RevisionNumberConstraintFailed');
  });

  it('refuses an unknown subnet', () => deciderSpec(network).when(update({ name: 'x' })).thenError('SubnetNotFound'));
});
