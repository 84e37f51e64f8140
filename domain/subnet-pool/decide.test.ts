import { describe, expect, it } from 'vitest';
import { createAddressScope, createNetwork, createPort, createSubnet, createSubnetPool, subnetFromPool } from '../../test-kit/commands.js';
import { deciderSpec } from '../../test-kit/decider-spec.js';
import type { Command } from '../commands.js';

const cidrOf = (events: { type: string; data: unknown }[]) => (events[0].data as { subnet: { cidr: string } }).subnet.cidr;
const pool = createSubnetPool('sp', ['10.210.0.0/16'], { default_prefixlen: 24, min_prefixlen: 20, max_prefixlen: 28 });

describe('subnet pool decider', () => {
  it('stores prefixes merged, with Neutron’s bounds when none are given', () => {
    deciderSpec().when(createSubnetPool('sp', ['10.9.0.1/16', '10.9.0.0/24'])).thenEvents([
      {
        type: 'SubnetPoolCreated',
        version: 1,
        data: {
          pool: {
            id: 'sp', project_id: 'p', name: 'sp', description: '', prefixes: ['10.9.0.0/16'], is_default: false, shared: false, tags: [],
            ip_version: 4, min_prefixlen: 8, max_prefixlen: 32, default_prefixlen: 8, default_quota: null, address_scope_id: null,
          },
        },
      },
    ]);
    deciderSpec().when(createSubnetPool('sp', ['fd00:1234::/48'])).then(([created]) =>
      expect(created.data).toMatchObject({ pool: { ip_version: 6, min_prefixlen: 64, max_prefixlen: 128, default_prefixlen: 64 } }));
  });

  it('refuses an empty or mixed prefix list, a bad prefix, and bounds out of order', () => {
    deciderSpec().when(createSubnetPool('sp', [])).thenError('EmptySubnetPoolPrefixList');
    deciderSpec().when(createSubnetPool('sp', ['10.1.0.0/16', 'fd00::/48'])).thenError('PrefixVersionMismatch');
    deciderSpec().when(createSubnetPool('sp', ['fd00:prq::/48'])).thenError('HTTPBadRequest', /not a valid IP subnet/);
    deciderSpec()
      .when(createSubnetPool('sp', ['10.9.0.0/16'], { default_prefixlen: 30, min_prefixlen: 24, max_prefixlen: 28 }))
      .thenError('IllegalSubnetPoolPrefixBounds', /^Illegal prefix bounds: default_prefixlen=30, max_prefixlen=28\.$/);
    deciderSpec().when(createSubnetPool('sp', ['10.9.0.0/16'], { max_prefixlen: 33 })).thenError('IllegalSubnetPoolPrefixBounds');
  });

  it('keeps the prefixes of one address scope apart, and the scope’s IP version', () => {
    const scoped = [createAddressScope('as'), createSubnetPool('sp1', ['10.200.0.0/16'], { address_scope_id: 'as' })];
    deciderSpec(...scoped).when(createSubnetPool('sp2', ['10.200.128.0/17'], { address_scope_id: 'as' })).thenError('AddressScopePrefixConflict');
    deciderSpec(...scoped).when(createSubnetPool('sp2', ['10.200.128.0/17'])).then((events) => expect(events).toHaveLength(1));
    deciderSpec(...scoped).when(createSubnetPool('sp2', ['fd00::/48'], { address_scope_id: 'as' })).thenError('IllegalSubnetPoolIpVersionAssociationToAddressScope');
    deciderSpec().when(createSubnetPool('sp', ['10.0.0.0/16'], { address_scope_id: 'nope' })).thenError('AddressScopeNotFound');
    deciderSpec(...scoped, createSubnetPool('sp2', ['10.200.128.0/17']))
      .when({ type: 'UpdateSubnetPool', id: 'sp2', changes: { address_scope_id: 'as' } })
      .thenError('AddressScopePrefixConflict');
  });

  it('allows one default pool per IP version', () => {
    const given = createSubnetPool('sp1', ['10.1.0.0/16'], { is_default: true });
    deciderSpec(given).when(createSubnetPool('sp2', ['10.2.0.0/16'], { is_default: true })).thenError('InvalidInput', /Only one default may exist per IP family/);
    deciderSpec(given).when(createSubnetPool('sp2', ['fd00::/48'], { is_default: true })).then((events) => expect(events).toHaveLength(1));
  });

  it('lets prefixes grow but never shrink', () => {
    deciderSpec(pool).when({ type: 'UpdateSubnetPool', id: 'sp', changes: { prefixes: ['10.230.0.0/16'] } }).thenError('IllegalSubnetPoolPrefixUpdate');
    deciderSpec(pool)
      .when({ type: 'UpdateSubnetPool', id: 'sp', changes: { prefixes: ['10.210.0.0/16', '10.211.0.0/16'] } })
      .thenEvents([{ type: 'SubnetPoolUpdated', version: 1, data: { id: 'sp', changes: { prefixes: ['10.210.0.0/15'] } } }]);
    deciderSpec(pool).when({ type: 'UpdateSubnetPool', id: 'sp', changes: { max_prefixlen: 20 } }).thenError('IllegalSubnetPoolPrefixBounds');
  });

  it('refuses to delete a pool that handed out a subnet, and deletes it once that subnet is gone', () => {
    const given = [pool, createNetwork('net'), subnetFromPool('sub', 'net', 'sp')];
    deciderSpec(...given).when({ type: 'DeleteSubnetPool', id: 'sp' }).thenError('SubnetPoolDeleteError');
    deciderSpec(...given, { type: 'DeleteSubnet', id: 'sub' })
      .when({ type: 'DeleteSubnetPool', id: 'sp' })
      .thenEvents([{ type: 'SubnetPoolDeleted', version: 1, data: { id: 'sp' } }]);
  });

  it('refuses to delete an address scope a pool is in', () =>
    deciderSpec(createAddressScope('as'), createSubnetPool('sp', ['10.0.0.0/16'], { address_scope_id: 'as' }))
      .when({ type: 'DeleteAddressScope', id: 'as' })
      .thenError('AddressScopeInUse'));

  it('never unshares a shared address scope', () =>
    deciderSpec(createAddressScope('as', 4, { shared: true })).when({ type: 'UpdateAddressScope', id: 'as', changes: { shared: false } }).thenError('AddressScopeUpdateError'));
});

describe('a subnet taken from a pool', () => {
  const given: Command[] = [pool, createNetwork('net')];

  it('gets the next free prefix, decided once and written into the event with its pool', () => {
    deciderSpec(...given).when(subnetFromPool('sub', 'net', 'sp')).then((events) => {
      expect(cidrOf(events)).toBe('10.210.0.0/24');
      expect(events[0].data).toMatchObject({ subnetpool_id: 'sp', subnet: { gateway_ip: '10.210.0.1', allocation_pools: [{ start: '10.210.0.2', end: '10.210.0.254' }] } });
    });
    deciderSpec(...given, subnetFromPool('a', 'net', 'sp')).when(subnetFromPool('b', 'net', 'sp', { prefixlen: 26 })).then((events) => expect(cidrOf(events)).toBe('10.210.1.0/26'));
    deciderSpec(...given, subnetFromPool('a', 'net', 'sp'), subnetFromPool('b', 'net', 'sp', { prefixlen: 26 }))
      .when(subnetFromPool('c', 'net', 'sp'))
      .then((events) => expect(cidrOf(events)).toBe('10.210.2.0/24'));
  });

  it('records the block in the pool’s own stream too, in the same decision, so two allocations from one pool never both pass', () => {
    const spec = deciderSpec(...given).when(subnetFromPool('sub', 'net', 'sp'));
    spec.then(([, allocated]) => expect(allocated).toEqual({ type: 'SubnetPoolPrefixAllocated', version: 1, data: { subnetpool_id: 'sp', subnet_id: 'sub', cidr: '10.210.0.0/24' } }));
    if (spec.decision._tag === 'Right') expect(spec.decision.right.map((a) => [a.stream, a.expected])).toEqual([['network-net', 0], ['subnet-pools', 0]]);
  });

  it('takes a chosen block only when it is free in the pool', () => {
    deciderSpec(...given).when(subnetFromPool('sub', 'net', 'sp', { cidr: '10.210.5.0/24' })).then((events) => expect(cidrOf(events)).toBe('10.210.5.0/24'));
    deciderSpec(...given).when(subnetFromPool('sub', 'net', 'sp', { cidr: '10.211.5.0/24' })).thenError('SubnetAllocationError');
    deciderSpec(...given, createNetwork('other'), subnetFromPool('a', 'other', 'sp'))
      .when(subnetFromPool('sub', 'net', 'sp', { cidr: '10.210.0.0/25' }))
      .thenError('SubnetAllocationError');
    deciderSpec(...given).when(subnetFromPool('sub', 'net', 'sp', { cidr: '10.210.5.0/24', prefixlen: 24 })).thenError('BadRequest', /must not be supplied together/);
  });

  it('keeps to the pool’s prefix lengths, its quota per project and its IP version', () => {
    deciderSpec(...given).when(subnetFromPool('sub', 'net', 'sp', { prefixlen: 30 })).thenError('MaxPrefixSubnetAllocationError', /maximum allowed prefix is 28/);
    deciderSpec(...given).when(subnetFromPool('sub', 'net', 'sp', { prefixlen: 19 })).thenError('MinPrefixSubnetAllocationError');
    deciderSpec(...given).when(subnetFromPool('sub', 'net', 'sp', { ip_version: 6 })).thenError('BadRequest', /Cannot allocate IPv6 subnet from IPv4 subnet pool/);
    const quota = [createSubnetPool('q', ['10.0.0.0/16'], { default_prefixlen: 24, default_quota: 600 }), createNetwork('net')];
    // 256 + 64 + 256 addresses of 600: one more /24 is too many, as in Neutron.
    deciderSpec(...quota, subnetFromPool('a', 'net', 'q'), subnetFromPool('b', 'net', 'q', { prefixlen: 26 }), subnetFromPool('c', 'net', 'q'))
      .when(subnetFromPool('d', 'net', 'q'))
      .thenError('SubnetPoolQuotaExceeded');
    // The quota is each project's own.
    deciderSpec(...quota, subnetFromPool('a', 'net', 'q'), subnetFromPool('b', 'net', 'q'))
      .when(subnetFromPool('c', 'net', 'q', { project_id: 'other' }))
      .then((events) => expect(cidrOf(events)).toBe('10.0.2.0/24'));
  });

  it('says when the pool has no room left', () =>
    deciderSpec(createSubnetPool('small', ['10.0.0.0/24'], { default_prefixlen: 25 }), createNetwork('net'), subnetFromPool('a', 'net', 'small'), subnetFromPool('b', 'net', 'small'))
      .when(subnetFromPool('c', 'net', 'small'))
      .thenError('SubnetAllocationError', /Insufficient prefix space to allocate subnet size \/25/));

  it('uses the default pool of its IP version when asked', () => {
    const defaults = [createSubnetPool('d', ['10.220.0.0/16'], { is_default: true, default_prefixlen: 25 }), createNetwork('net')];
    deciderSpec(...defaults)
      .when(subnetFromPool('sub', 'net', 'd', { subnetpool_id: undefined, use_default_subnetpool: true, prefixlen: 28 }))
      .then((events) => expect(events[0].data).toMatchObject({ subnetpool_id: 'd', subnet: { cidr: '10.220.0.0/28' } }));
    deciderSpec(createNetwork('net'))
      .when(subnetFromPool('sub', 'net', 'd', { subnetpool_id: undefined, use_default_subnetpool: true }))
      .thenError('BadRequest', /No default subnetpool found for IPv4/);
    deciderSpec(...defaults).when(subnetFromPool('sub', 'net', 'd', { use_default_subnetpool: true })).thenError('BadRequest', /cannot both be specified/);
  });

  it('keeps the subnets of one IP version of a network to one pool (or none)', () => {
    deciderSpec(...given, createSubnet('plain', 'net', '192.168.77.0/24')).when(subnetFromPool('sub', 'net', 'sp')).thenError('NetworkSubnetPoolAffinityError');
    deciderSpec(...given, subnetFromPool('sub', 'net', 'sp')).when(createSubnet('plain', 'net', '192.168.77.0/24')).thenError('NetworkSubnetPoolAffinityError');
    deciderSpec(...given, createSubnet('v6', 'net', 'fd00::/64')).when(subnetFromPool('sub', 'net', 'sp')).then((events) =>
      expect(events.map((e) => e.type)).toEqual(['SubnetCreated', 'SubnetPoolPrefixAllocated']));
  });

  it('frees its block for the next subnet once deleted', () =>
    deciderSpec(...given, subnetFromPool('a', 'net', 'sp'), createPort('port', 'net'), { type: 'DeletePort', id: 'port' }, { type: 'DeleteSubnet', id: 'a' })
      .when(subnetFromPool('b', 'net', 'sp'))
      .then((events) => expect(cidrOf(events)).toBe('10.210.0.0/24')));

  it('still needs a cidr without a pool', () =>
    deciderSpec(createNetwork('net')).when(subnetFromPool('sub', 'net', 'sp', { subnetpool_id: undefined })).thenError('BadRequest', /a subnetpool must be specified in the absence of a cidr/));
});
