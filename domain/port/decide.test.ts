import { describe, expect, it } from 'vitest';
import type { Command } from '../commands.js';
import { deciderSpec, record } from '../testing/decider-spec.js';
import { decide } from '../decide.js';
import * as E from 'fp-ts/lib/Either.js';

const network: Command = {
  type: 'CreateNetwork',
  network: { id: 'net-1', project_id: 'p', name: 'n', description: '', admin_state_up: true, shared: false, 'router:external': false, cidr: null, tags: [] },
};
const subnet: Command = {
  type: 'CreateSubnet',
  subnet: {
    id: 'sub-1', network_id: 'net-1', project_id: 'p', name: '', description: '', ip_version: 4, cidr: '10.0.0.0/24',
    dns_nameservers: [], host_routes: [], enable_dhcp: true, ipv6_ra_mode: null, ipv6_address_mode: null, tags: [],
  },
};
const port = (id: string, extra: Partial<Extract<Command, { type: 'CreatePorts' }>['ports'][number]> = {}): Command => ({
  type: 'CreatePorts',
  ports: [
    {
      id, network_id: 'net-1', project_id: 'p', name: '', description: '', admin_state_up: true, device_id: '', device_owner: '',
      port_security_enabled: true, 'binding:host_id': '', 'binding:vnic_type': 'normal', tags: [], mac_entropy: '1', ...extra,
    },
  ],
});

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
      const decision = decide(port(`p-${i}`, { mac_entropy: String(i) }), world);
      if (E.isLeft(decision)) throw new Error(decision.left.message);
      const created = decision.right[0].events[0];
      if (created.type === 'PortCreated') seen.add(created.data.port.fixed_ips[0].ip_address);
      record(world, decision.right);
    }
    expect(seen.size).toBe(253);
    expect(seen.has('10.0.0.2') && seen.has('10.0.0.254')).toBe(true);
    const refused = decide(port('one-too-many', { mac_entropy: '999' }), world);
    expect(E.isLeft(refused) && refused.left.type).toBe('IpAddressGenerationFailure');
  });

  it('reuses an address once its port is deleted', () => {
    const spec = deciderSpec(network, subnet, port('port-1')).when({ type: 'DeletePort', id: 'port-1' });
    if (E.isLeft(spec.decision)) throw new Error('delete refused');
    record(spec.world, spec.decision.right);
    const again = decide(port('port-2'), spec.world);
    expect(E.isRight(again) && again.right[0].events[0].type === 'PortCreated' && again.right[0].events[0].data.port.fixed_ips[0].ip_address).toBe('10.0.0.2');
  });

  it('refuses to delete a subnet that still has ports', () =>
    deciderSpec(network, subnet, port('port-1')).when({ type: 'DeleteSubnet', id: 'sub-1' }).thenError('SubnetInUse'));

  it('refuses a stale If-Match revision', () =>
    deciderSpec(network, subnet, port('port-1'))
      .when({ type: 'UpdatePort', id: 'port-1', changes: { name: 'x' }, if_revision: 7 })
      .thenError('RevisionNumberConstraintFailed'));

  it('binds only to a registered host', () =>
    deciderSpec(network, subnet).when(port('port-1', { 'binding:host_id': 'nowhere' })).thenError('PortBoundToUnknownHost'));
});
