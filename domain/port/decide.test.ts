import { describe, expect, it } from 'vitest';
import type { Command } from '../commands.js';
import { addInterface, createNetwork, createPort, createRouter, createSecurityGroup, createSubnet, ensureDefaultSecurityGroup, portRequest, registerHost } from '../../test-kit/commands.js';
import { deciderSpec, record, TEST_METADATA } from '../../test-kit/decider-spec.js';
import type { PortRequest } from './commands.js';
import type { DomainEvent } from '../events.js';
import { decide } from '../decide.js';
import * as E from 'fp-ts/lib/Either.js';

const network = createNetwork('net-1');
const subnet = createSubnet('sub-1', 'net-1', '10.0.0.0/24');
const port = (id: string, extra: Partial<PortRequest> = {}): Command => createPort(id, 'net-1', extra);

describe('port decider', () => {
  it('gives the first port the first address after the gateway, and a fa:16:3e mac', () =>
    deciderSpec(network, subnet)
      .when(port('port-1'))
      .then(([created]) => {
        expect(created.type).toBe('PortCreated');
        if (created.type !== 'PortCreated') return;
        expect(created.data.port.fixed_ips).toEqual([{ subnet_id: 'sub-1', ip_address: '10.0.0.2' }]);
        expect(created.data.port.mac_address).toBe('fa:16:3e:00:00:01');
      }));

  it('refuses an address already held by another port', () =>
    deciderSpec(network, subnet, port('port-1', { fixed_ips: [{ ip_address: '10.0.0.7' }] }))
      .when(port('port-2', { fixed_ips: [{ ip_address: '10.0.0.7' }], mac_entropy: '2' }))
      .thenError('IpAddressAlreadyAllocated'));

  it('walks past a taken mac instead of failing', () =>
    deciderSpec(network, subnet, port('port-1'))
      .when(port('port-2'))
      .then(([created]) => {
        if (created.type === 'PortCreated') expect(created.data.port.mac_address).toBe('fa:16:3e:00:00:02');
      }));

  it('refuses a requested mac in use in the network', () =>
    deciderSpec(network, subnet, port('port-1', { mac_address: 'fa:16:3e:aa:bb:cc' }))
      .when(port('port-2', { mac_address: 'FA:16:3E:AA:BB:CC' }))
      .thenError('MacAddressInUse'));

  it('hands out .2 to .254 of a /24 and then fails with IpAddressGenerationFailure', () => {
    const spec = deciderSpec(network, subnet).when(port('warm-up'));
    const world = spec.world;
    const seen = new Set<string>();
    for (let i = 0; i < 253; i++) {
      const decision = decide(port(`p-${i}`, { mac_entropy: String(i) }), world, TEST_METADATA);
      if (E.isLeft(decision)) throw new Error(decision.left.message);
      const created = decision.right[0].events[0];
      if (created.type === 'PortCreated') seen.add(created.data.port.fixed_ips[0].ip_address);
      record(world, decision.right);
    }
    expect(seen.size).toBe(253);
    expect(seen.has('10.0.0.2') && seen.has('10.0.0.254')).toBe(true);
    const refused = decide(port('one-too-many', { mac_entropy: '999' }), world, TEST_METADATA);
    expect(E.isLeft(refused) && refused.left.type).toBe('IpAddressGenerationFailure');
  });

  it('reuses an address once its port is deleted', () => {
    const spec = deciderSpec(network, subnet, port('port-1')).when({ type: 'DeletePort', id: 'port-1' });
    if (E.isLeft(spec.decision)) throw new Error('delete refused');
    record(spec.world, spec.decision.right);
    const again = decide(port('port-2'), spec.world, TEST_METADATA);
    expect(E.isRight(again) && again.right[0].events[0].type === 'PortCreated' && again.right[0].events[0].data.port.fixed_ips[0].ip_address).toBe('10.0.0.2');
  });

  it('refuses to delete a subnet that still has ports', () =>
    deciderSpec(network, subnet, port('port-1')).when({ type: 'DeleteSubnet', id: 'sub-1' }).thenError('SubnetInUse'));

  it('refuses a stale If-Match revision', () =>
    deciderSpec(network, subnet, port('port-1'))
      .when({ type: 'UpdatePort', id: 'port-1', changes: { name: 'x' }, if_revision: 7 })
      .thenError('RevisionNumberConstraintFailed'));

  it('binds to a host not registered yet (Nova binds before the host is known)', () =>
    deciderSpec(network, subnet)
      .when(port('port-1', { 'binding:host_id': 'nowhere' }))
      .then(([created]) => expect(created).toMatchObject({ type: 'PortCreated', data: { port: { 'binding:host_id': 'nowhere' } } })));
});

/** The fixed ips and mac of each port a decision created. */
const created = (events: DomainEvent[]) =>
  events.map((e) => {
    if (e.type !== 'PortCreated') throw new Error(`expected PortCreated, got ${e.type}`);
    return { ips: e.data.port.fixed_ips.map((f) => f.ip_address), mac: e.data.port.mac_address };
  });

describe('port decider: fixed ips', () => {
  it.each([
    ['outside the subnet', { subnet_id: 'sub-1', ip_address: '10.0.1.5' }, 'InvalidIpForSubnet'],
    ['the network address', { ip_address: '10.0.0.0' }, 'InvalidIpForSubnet'],
    ['the broadcast address', { ip_address: '10.0.0.255' }, 'InvalidIpForSubnet'],
    ['on no subnet of the network', { ip_address: '192.168.0.5' }, 'InvalidIpForNetwork'],
    ['on a subnet of another network', { subnet_id: 'other', ip_address: '10.0.0.5' }, 'InvalidInput'],
    ['not an address', { ip_address: '10.0.0.5.1' }, 'InvalidInput'],
    ['with neither subnet nor address', {}, 'InvalidInput'],
  ] as const)('refuses a fixed ip %s', (_what, fixed, error) =>
    deciderSpec(network, subnet).when(port('port-1', { fixed_ips: [fixed] })).thenError(error));

  it('takes a free address outside the pools when asked for it', () =>
    deciderSpec(network, createSubnet('sub-1', 'net-1', '10.0.0.0/24', { allocation_pools: [{ start: '10.0.0.10', end: '10.0.0.20' }] }))
      .when(port('port-1', { fixed_ips: [{ ip_address: '10.0.0.200' }] }))
      .then((events) => expect(created(events)[0].ips).toEqual(['10.0.0.200'])));

  it('gives automatic addresses from the first subnet of each version', () =>
    deciderSpec(network, subnet, createSubnet('sub-6', 'net-1', 'fd00::/64'))
      .when(port('port-1'))
      .then((events) => expect(created(events)[0].ips).toEqual(['10.0.0.2', 'fd00::2'])));

  it('moves on to the next subnet of a version when the first is full', () =>
    deciderSpec(network, createSubnet('tiny', 'net-1', '10.0.0.0/30'), createSubnet('sub-2', 'net-1', '10.0.1.0/24'), port('port-1'))
      .when(port('port-2', { mac_entropy: '2' }))
      .then((events) => expect(created(events)[0].ips).toEqual(['10.0.1.2'])));

  it.each([
    ['a /32 without gateway', '10.0.0.7/32', ['10.0.0.7']],
    ['a /31', '10.0.0.0/31', ['10.0.0.1']],
    ['a /128', 'fd00::5/128', ['fd00::5']],
    ['a /127', 'fd00::/127', ['fd00::1']],
  ])('hands out the only pool address of %s once, then fails', (_what, cidr, ips) => {
    const given = [network, createSubnet('sub-1', 'net-1', cidr, { enable_dhcp: false })];
    deciderSpec(...given).when(port('port-1')).then((events) => expect(created(events)[0].ips).toEqual(ips));
    deciderSpec(...given, port('port-1')).when(port('port-2', { mac_entropy: '2' })).thenError('IpAddressGenerationFailure');
  });

  it('hands out a pool at the top edge of the subnet up to its last address', () => {
    const edge = createSubnet('sub-1', 'net-1', '10.0.0.0/24', { allocation_pools: [{ start: '10.0.0.253', end: '10.0.0.254' }] });
    deciderSpec(network, edge, port('port-1'))
      .when(port('port-2', { mac_entropy: '2' }))
      .then((events) => expect(created(events)[0].ips).toEqual(['10.0.0.254']));
    deciderSpec(network, edge, port('port-1'), port('port-2', { mac_entropy: '2' }))
      .when(port('port-3', { mac_entropy: '3' }))
      .thenError('IpAddressGenerationFailure');
  });

  it('asks for a subnet-only entry after every named address, so the entry never takes one of them', () =>
    deciderSpec(network, subnet)
      .when(port('port-1', { fixed_ips: [{ subnet_id: 'sub-1' }, { ip_address: '10.0.0.2' }] }))
      .then((events) => expect(created(events)[0].ips).toEqual(['10.0.0.2', '10.0.0.3'])));

  it('keeps an address the port holds when an update asks for its subnet again, and frees a dropped one', () => {
    const given = [network, subnet, port('port-1', { fixed_ips: [{ ip_address: '10.0.0.9' }] })];
    deciderSpec(...given)
      .when({ type: 'UpdatePort', id: 'port-1', changes: { fixed_ips: [{ subnet_id: 'sub-1' }] } })
      .then(([updated]) => expect(updated.type === 'PortUpdated' && updated.data.changes.fixed_ips).toEqual([{ subnet_id: 'sub-1', ip_address: '10.0.0.9' }]));
    deciderSpec(...given, { type: 'UpdatePort', id: 'port-1', changes: { fixed_ips: [{ ip_address: '10.0.0.10' }] } })
      .when(port('port-2', { fixed_ips: [{ ip_address: '10.0.0.9' }], mac_entropy: '2' }))
      .then((events) => expect(created(events)[0].ips).toEqual(['10.0.0.9']));
  });
});

describe('port decider: bulk create', () => {
  const bulk = (...ports: PortRequest[]): Command => ({ type: 'CreatePorts', ports });

  it('gives every port of a bulk its own address and mac', () =>
    deciderSpec(network, subnet)
      .when(bulk(portRequest('a', 'net-1', { fixed_ips: [{ ip_address: '10.0.0.3' }] }), portRequest('b', 'net-1'), portRequest('c', 'net-1')))
      .then((events) =>
        expect(created(events)).toEqual([
          { ips: ['10.0.0.3'], mac: 'fa:16:3e:00:00:01' },
          { ips: ['10.0.0.2'], mac: 'fa:16:3e:00:00:02' },
          { ips: ['10.0.0.4'], mac: 'fa:16:3e:00:00:03' },
        ]),
      ));

  it('refuses the whole bulk when one port is refused', () =>
    deciderSpec(network, subnet)
      .when(bulk(portRequest('a', 'net-1', { fixed_ips: [{ ip_address: '10.0.0.5' }] }), portRequest('b', 'net-1', { fixed_ips: [{ ip_address: '10.0.0.5' }] })))
      .thenError('IpAddressAlreadyAllocated'));

  it('decides a bulk spanning networks as one append, a part per network, the host and groups it names only checked', () =>
    deciderSpec(network, subnet, createNetwork('net-2'), createSubnet('sub-2', 'net-2', '10.0.1.0/24'), registerHost('h1'), ensureDefaultSecurityGroup('p', 'sg-default'))
      .when(bulk(portRequest('a', 'net-1', { 'binding:host_id': 'h1' }), portRequest('b', 'net-2'), portRequest('c', 'net-1')))
      .thenParts({
        'network-net-1': ['PortCreated', 'PortCreated'],
        'network-net-2': ['PortCreated'],
        'host-h1': 'checked',
        'security-groups-p': 'checked',
      }));

  it('refuses a bulk naming an unknown network, an empty bulk, and an id given twice', () => {
    deciderSpec(network, subnet).when(bulk(portRequest('a', 'net-1'), portRequest('b', 'net-2'))).thenError('NetworkNotFound');
    deciderSpec(network).when(bulk()).thenError('BadRequest');
    deciderSpec(network, subnet).when(bulk(portRequest('a', 'net-1'), portRequest('a', 'net-1'))).thenError('Conflict');
    deciderSpec(network, subnet, port('port-1')).when(port('port-1')).thenError('Conflict');
    deciderSpec().when(port('port-1')).thenError('NetworkNotFound');
  });

  it('exhausts a pool within one bulk', () =>
    deciderSpec(network, createSubnet('sub-1', 'net-1', '10.0.0.0/30'))
      .when(bulk(portRequest('a', 'net-1'), portRequest('b', 'net-1')))
      .thenError('IpAddressGenerationFailure'));
});

describe('port decider: macs', () => {
  it('refuses a malformed or all-zero mac, and takes a multicast one as Neutron does', () => {
    for (const mac of ['fa:16:3e:00:00', 'zz:16:3e:00:00:01', '00:00:00:00:00:00'])
      deciderSpec(network, subnet).when(port('port-1', { mac_address: mac })).thenError('InvalidInput');
    deciderSpec(network, subnet)
      .when(port('port-1', { mac_address: '01:00:5e:00:00:01' }))
      .then((events) => expect(created(events)[0].mac).toBe('01:00:5e:00:00:01'));
  });

  it('allows one mac in two networks', () =>
    deciderSpec(network, createNetwork('net-2'), createPort('port-1', 'net-2', { mac_address: 'fa:16:3e:aa:bb:cc' }))
      .when(port('port-2', { mac_address: 'fa:16:3e:aa:bb:cc' }))
      .then((events) => expect(created(events)[0].mac).toBe('fa:16:3e:aa:bb:cc')));

  it('refuses changing a mac to one in use, or changing the mac of a bound port', () => {
    deciderSpec(network, subnet, port('port-1'), port('port-2', { mac_entropy: '2' }))
      .when({ type: 'UpdatePort', id: 'port-2', changes: { mac_address: 'fa:16:3e:00:00:01' } })
      .thenError('MacAddressInUse');
    deciderSpec(network, subnet, registerHost('compute-1'), port('port-1', { 'binding:host_id': 'compute-1' }))
      .when({ type: 'UpdatePort', id: 'port-1', changes: { mac_address: 'fa:16:3e:00:00:99' } })
      .thenError('PortBound');
  });

  it('frees a deleted port\'s mac', () =>
    deciderSpec(network, subnet, port('port-1', { mac_address: 'fa:16:3e:aa:bb:cc' }), { type: 'DeletePort', id: 'port-1' })
      .when(port('port-2', { mac_address: 'fa:16:3e:aa:bb:cc' }))
      .then((events) => expect(created(events)[0].mac).toBe('fa:16:3e:aa:bb:cc')));
});

describe('port decider: groups, hosts, routers', () => {
  it("puts a port in its project's default group, and a network-owned port in none", () => {
    deciderSpec(network, subnet, ensureDefaultSecurityGroup('p', 'sg-default'))
      .when(port('port-1'))
      .then(([e]) => expect(e.type === 'PortCreated' && e.data.port.security_groups).toEqual(['sg-default']));
    deciderSpec(network, subnet, ensureDefaultSecurityGroup('p', 'sg-default'))
      .when(port('port-1', { device_owner: 'network:dhcp' }))
      .then(([e]) => expect(e.type === 'PortCreated' && e.data.port.security_groups).toEqual([]));
  });

  it('refuses an unknown group, and groups on a port without port security', () => {
    deciderSpec(network, subnet).when(port('port-1', { security_groups: ['ghost'] })).thenError('SecurityGroupNotFound');
    deciderSpec(network, subnet, createSecurityGroup('web'))
      .when(port('port-1', { security_groups: ['web'], port_security_enabled: false }))
      .thenError('PortSecurityAndIPRequiredForSecurityGroups');
  });

  it('rebinds an updated port to a host not registered yet', () =>
    deciderSpec(network, subnet, port('port-1'))
      .when({ type: 'UpdatePort', id: 'port-1', changes: { 'binding:host_id': 'nowhere' } })
      .then(([updated]) => expect(updated).toMatchObject({ type: 'PortUpdated', data: { changes: { 'binding:host_id': 'nowhere' } } })));

  it("refuses deleting a router's interface port through the port API", () =>
    deciderSpec(network, subnet, createRouter('r1'), addInterface('r1', { subnet_id: 'sub-1' }, 'if-1'))
      .when({ type: 'DeletePort', id: 'if-1' })
      .thenError('L3PortInUse'));

  it('applies a delete only at the revision If-Match names', () => {
    deciderSpec(network, subnet, port('port-1')).when({ type: 'DeletePort', id: 'port-1', if_revision: 1 }).thenError('RevisionNumberConstraintFailed');
    deciderSpec(network, subnet, port('port-1')).when({ type: 'DeletePort', id: 'port-1', if_revision: 0 }).then(([e]) => expect(e.type).toBe('PortDeleted'));
  });
});
