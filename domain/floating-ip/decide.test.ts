import { describe, expect, it } from 'vitest';
import { addInterface, createFloatingIp, createNetwork, createPort, createRouter, createSubnet, mapFloatingIp } from '../../test-kit/commands.js';
import { deciderSpec } from '../../test-kit/decider-spec.js';
import { FLOATING_IP_OWNER } from '../port/port.js';

const external = [createNetwork('ext', { 'router:external': true }), createSubnet('ext-sub', 'ext', '203.0.113.0/24', { enable_dhcp: false })];
const lan = [createNetwork('lan'), createSubnet('lan-sub', 'lan', '10.0.0.0/24'), createPort('vm', 'lan')];
const routed = [...external, ...lan, createRouter('r1', { external_gateway_info: { network_id: 'ext' } }), addInterface('r1', { subnet_id: 'lan-sub' })];

describe('floating IP decider', () => {
  it('takes the next free address of the external network, held by a port of its own, in that network stream', () => {
    const spec = deciderSpec(...external).when(createFloatingIp('fip', 'ext'));
    spec.then(([port, floatingIp]) => {
      expect(port).toMatchObject({
        type: 'PortCreated',
        data: { port: { id: 'fip-port', network_id: 'ext', device_id: 'fip', device_owner: FLOATING_IP_OWNER, project_id: '', fixed_ips: [{ subnet_id: 'ext-sub', ip_address: '203.0.113.2' }] } },
      });
      expect(floatingIp).toEqual({
        type: 'FloatingIpCreated',
        version: 1,
        data: {
          floating_ip: {
            id: 'fip', project_id: 'p', floating_network_id: 'ext', floating_ip_address: '203.0.113.2', floating_port_id: 'fip-port',
            port_id: null, fixed_ip_address: null, router_id: null, description: '', tags: [],
          },
        },
      });
    });
    expect(spec.decision._tag === 'Right' && spec.decision.right.map((a) => a.stream)).toEqual(['network-ext']);
  });

  it('takes the address asked for, and refuses it when taken or outside the network', () => {
    deciderSpec(...external)
      .when(createFloatingIp('fip', 'ext', { floating_ip_address: '203.0.113.77' }))
      .then(([, created]) => expect(created).toMatchObject({ data: { floating_ip: { floating_ip_address: '203.0.113.77' } } }));
    deciderSpec(...external, createFloatingIp('a', 'ext', { floating_ip_address: '203.0.113.77' }))
      .when(createFloatingIp('b', 'ext', { floating_ip_address: '203.0.113.77' }))
      .thenError('IpAddressAlreadyAllocated');
    deciderSpec(...external).when(createFloatingIp('fip', 'ext', { floating_ip_address: '198.51.100.4' })).thenError('InvalidIpForNetwork');
  });

  it('refuses a network that is not external, that does not exist, or has no IPv4 subnet', () => {
    deciderSpec(...lan).when(createFloatingIp('fip', 'lan')).thenError('BadRequest', /not a valid external network/);
    deciderSpec().when(createFloatingIp('fip', 'ghost')).thenError('NetworkNotFound');
    deciderSpec(createNetwork('ext', { 'router:external': true })).when(createFloatingIp('fip', 'ext')).thenError('BadRequest', /does not contain any IPv4 subnet/);
  });

  it("maps onto a port behind a router whose gateway is on the floating network, writing the port's network stream too", () => {
    const spec = deciderSpec(...routed, createFloatingIp('fip', 'ext')).when(mapFloatingIp('fip', 'vm'));
    spec.thenEvents([
      { type: 'FloatingIpUpdated', version: 1, data: { id: 'fip', network_id: 'ext', changes: { port_id: 'vm', fixed_ip_address: '10.0.0.2', router_id: 'r1' } } },
      { type: 'FloatingIpMappedOntoPort', version: 1, data: { id: 'fip', port_id: 'vm', network_id: 'lan' } },
    ]);
    // At the revisions the decision saw, so a delete of the port decided meanwhile elsewhere refuses one of them.
    expect(spec.decision._tag === 'Right' && spec.decision.right.map((a) => [a.stream, a.expected])).toEqual([['network-ext', 5], ['network-lan', 3]]);
  });

  it('maps at creation too, and a new fixed IP alone maps again in the same port', () => {
    deciderSpec(...routed)
      .when(createFloatingIp('fip', 'ext', { port_id: 'vm' }))
      .then(([, created, mapped]) => {
        expect(created).toMatchObject({ data: { floating_ip: { port_id: 'vm', fixed_ip_address: '10.0.0.2', router_id: 'r1' } } });
        expect(mapped).toEqual({ type: 'FloatingIpMappedOntoPort', version: 1, data: { id: 'fip', port_id: 'vm', network_id: 'lan' } });
      });
    deciderSpec(...routed, createFloatingIp('fip', 'ext', { port_id: 'vm' }))
      .when({ type: 'UpdateFloatingIp', id: 'fip', changes: { fixed_ip_address: '10.0.0.2' } })
      .then(([, mapped]) => expect(mapped).toMatchObject({ type: 'FloatingIpMappedOntoPort', data: { port_id: 'vm' } }));
  });

  it('refuses a port no router connects to the floating network, an unknown port, or a fixed ip the port lacks', () => {
    deciderSpec(...external, ...lan, createFloatingIp('fip', 'ext')).when(mapFloatingIp('fip', 'vm')).thenError('ExternalGatewayForFloatingIPNotFound', /not reachable from subnet lan-sub/);
    deciderSpec(...routed, createFloatingIp('fip', 'ext')).when(mapFloatingIp('fip', 'ghost')).thenError('PortNotFound');
    deciderSpec(...routed, createFloatingIp('fip', 'ext')).when(mapFloatingIp('fip', 'vm', '10.0.0.99')).thenError('BadRequest', /does not have fixed ip 10.0.0.99/);
  });

  it('refuses a second floating IP of one network on the same fixed ip', () =>
    deciderSpec(...routed, createFloatingIp('a', 'ext', { port_id: 'vm' }))
      .when(createFloatingIp('b', 'ext', { port_id: 'vm' }))
      .thenError('FloatingIPPortAlreadyAssociated'));

  it('releases (port_id null) and is refused on a stale revision', () => {
    deciderSpec(...routed, createFloatingIp('fip', 'ext', { port_id: 'vm' }))
      .when(mapFloatingIp('fip', null))
      .thenEvents([{ type: 'FloatingIpUpdated', version: 1, data: { id: 'fip', network_id: 'ext', changes: { port_id: null, fixed_ip_address: null, router_id: null } } }]);
    deciderSpec(...routed, createFloatingIp('fip', 'ext'))
      .when({ type: 'UpdateFloatingIp', id: 'fip', changes: { description: 'x' }, if_revision: 4 })
      .thenError('RevisionNumberConstraintFailed');
  });

  it('deletes the floating IP and then the port that held its address', () =>
    deciderSpec(...external, createFloatingIp('fip', 'ext'))
      .when({ type: 'DeleteFloatingIp', id: 'fip' })
      .thenEvents([
        { type: 'FloatingIpDeleted', version: 1, data: { id: 'fip', network_id: 'ext' } },
        { type: 'PortDeleted', version: 1, data: { id: 'fip-port', network_id: 'ext' } },
      ]));

  it('is released when its port is deleted, before the port goes', () =>
    deciderSpec(...routed, createFloatingIp('fip', 'ext', { port_id: 'vm' }))
      .when({ type: 'DeletePort', id: 'vm' })
      .thenEvents([
        { type: 'FloatingIpUpdated', version: 1, data: { id: 'fip', network_id: 'ext', changes: { port_id: null, fixed_ip_address: null, router_id: null } } },
        { type: 'PortDeleted', version: 1, data: { id: 'vm', network_id: 'lan' } },
      ]));

  it('keeps the router interface it goes through, and its own port from the port API', () => {
    deciderSpec(...routed, createFloatingIp('fip', 'ext', { port_id: 'vm' }))
      .when({ type: 'RemoveRouterInterface', router_id: 'r1', subnet_id: 'lan-sub' })
      .thenError('RouterInterfaceInUseByFloatingIP');
    deciderSpec(...external, createFloatingIp('fip', 'ext')).when({ type: 'DeletePort', id: 'fip-port' }).thenError('ServicePortInUse', /network:floatingip/);
  });

  it('refuses an unknown floating IP', () => {
    deciderSpec().when(mapFloatingIp('ghost', null)).thenError('FloatingIPNotFound');
    deciderSpec().when({ type: 'DeleteFloatingIp', id: 'ghost' }).thenError('FloatingIPNotFound');
  });
});
