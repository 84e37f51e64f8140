import { describe, expect, it } from 'vitest';
import { addInterface, createFloatingIp, createNetwork, createPort, createRouter, createSubnet, mapFloatingIp, setGateway } from '../../test-kit/commands.js';
import { deciderSpec } from '../../test-kit/decider-spec.js';
import { ROUTER_GATEWAY_OWNER } from '../port/port.js';

const external = [createNetwork('ext', { 'router:external': true }), createSubnet('ext-sub', 'ext', '203.0.113.0/24', { enable_dhcp: false })];
const other = [createNetwork('ext-2', { 'router:external': true }), createSubnet('ext-2-sub', 'ext-2', '198.51.100.0/24')];
const lan = [createNetwork('lan'), createSubnet('lan-sub', 'lan', '10.0.0.0/24')];
const withGateway = (fields = {}) => createRouter('r1', { external_gateway_info: { network_id: 'ext', ...fields } });

describe('router gateway decider', () => {
  it('gives a router with a gateway a port on the external network, its address chosen and shown in the gateway', () =>
    deciderSpec(...external)
      .when(withGateway())
      .then(([router, port]) => {
        expect(router).toMatchObject({
          type: 'RouterCreated',
          data: { router: { external_gateway_info: { network_id: 'ext', enable_snat: true, external_fixed_ips: [{ subnet_id: 'ext-sub', ip_address: '203.0.113.2' }] } } },
        });
        expect(port).toMatchObject({
          type: 'PortCreated',
          data: { port: { id: 'r1-gw', network_id: 'ext', project_id: '', device_id: 'r1', device_owner: ROUTER_GATEWAY_OWNER, port_security_enabled: false, fixed_ips: [{ ip_address: '203.0.113.2' }] } },
        });
      }));

  it('appends the port to the external network stream, beside the router stream', () => {
    const { decision } = deciderSpec(...external).when(withGateway());
    expect(decision._tag === 'Right' && decision.right.map((a) => a.stream)).toEqual(['router-r1', 'network-ext']);
  });

  it('takes the external fixed ip asked for, and keeps SNAT off when asked', () =>
    deciderSpec(...external)
      .when(withGateway({ enable_snat: false, external_fixed_ips: [{ ip_address: '203.0.113.5' }] }))
      .then(([router]) =>
        expect(router).toMatchObject({ data: { router: { external_gateway_info: { enable_snat: false, external_fixed_ips: [{ subnet_id: 'ext-sub', ip_address: '203.0.113.5' }] } } } }),
      ));

  it('refuses a taken address, one outside the network, a network that is not external or does not exist', () => {
    deciderSpec(...external, createPort('p', 'ext', { fixed_ips: [{ ip_address: '203.0.113.5' }] }))
      .when(withGateway({ external_fixed_ips: [{ ip_address: '203.0.113.5' }] }))
      .thenError('IpAddressAlreadyAllocated');
    deciderSpec(...external).when(withGateway({ external_fixed_ips: [{ ip_address: '10.9.9.9' }] })).thenError('InvalidIpForNetwork');
    deciderSpec(...lan).when(createRouter('r1', { external_gateway_info: { network_id: 'lan' } })).thenError('BadRequest', /not an external network/);
    deciderSpec().when(createRouter('r1', { external_gateway_info: { network_id: 'ghost' } })).thenError('NetworkNotFound');
  });

  it('keeps the port when only SNAT changes, readdresses it when addresses are asked for', () => {
    deciderSpec(...external, withGateway())
      .when(setGateway('r1', { network_id: 'ext', enable_snat: false }))
      .thenEvents([
        {
          type: 'RouterUpdated',
          version: 1,
          data: { id: 'r1', changes: { external_gateway_info: { network_id: 'ext', enable_snat: false, external_fixed_ips: [{ subnet_id: 'ext-sub', ip_address: '203.0.113.2' }] } } },
        },
      ]);
    deciderSpec(...external, withGateway())
      .when(setGateway('r1', { network_id: 'ext', external_fixed_ips: [{ ip_address: '203.0.113.9' }] }))
      .then(([, port]) => expect(port).toMatchObject({ type: 'PortUpdated', data: { id: 'r1-gw', changes: { fixed_ips: [{ ip_address: '203.0.113.9' }] } } }));
  });

  it('moves to another external network: the old port goes, a new one comes', () =>
    deciderSpec(...external, ...other, withGateway())
      .when(setGateway('r1', { network_id: 'ext-2' }, 'r1-gw-2'))
      .then((events) =>
        expect(events.map((e) => `${e.type}:${e.type === 'PortCreated' ? e.data.port.id : 'id' in e.data ? e.data.id : ''}`)).toEqual([
          'RouterUpdated:r1',
          'PortDeleted:r1-gw',
          'PortCreated:r1-gw-2',
        ]),
      ));

  it('clears the gateway (null), deleting its port; with none, changes only the router', () => {
    deciderSpec(...external, withGateway())
      .when(setGateway('r1', null))
      .thenEvents([
        { type: 'RouterUpdated', version: 1, data: { id: 'r1', changes: { external_gateway_info: null } } },
        { type: 'PortDeleted', version: 1, data: { id: 'r1-gw', network_id: 'ext' } },
      ]);
    deciderSpec(createRouter('r1')).when(setGateway('r1', null)).thenEvents([{ type: 'RouterUpdated', version: 1, data: { id: 'r1', changes: { external_gateway_info: null } } }]);
  });

  it('refuses to clear or move a gateway that floating IPs go through', () => {
    const given = [...external, ...other, ...lan, withGateway(), addInterface('r1', { subnet_id: 'lan-sub' }), createPort('vm', 'lan'), createFloatingIp('fip', 'ext'), mapFloatingIp('fip', 'vm')];
    deciderSpec(...given).when(setGateway('r1', null)).thenError('RouterExternalGatewayInUseByFloatingIp');
    deciderSpec(...given).when(setGateway('r1', { network_id: 'ext-2' })).thenError('RouterExternalGatewayInUseByFloatingIp');
  });

  it('deletes the gateway port with the router, before the router', () =>
    deciderSpec(...external, withGateway())
      .when({ type: 'DeleteRouter', id: 'r1' })
      .thenEvents([
        { type: 'PortDeleted', version: 1, data: { id: 'r1-gw', network_id: 'ext' } },
        { type: 'RouterDeleted', version: 1, data: { id: 'r1' } },
      ]));

  it('takes static routes whose next hop is on the gateway network', () =>
    deciderSpec(...external, withGateway())
      .when({ type: 'UpdateRouter', id: 'r1', changes: { routes: [{ destination: '192.0.2.0/24', nexthop: '203.0.113.99' }] } })
      .then(([updated]) => expect(updated.type).toBe('RouterUpdated')));

  it('keeps the gateway port from the port API', () =>
    deciderSpec(...external, withGateway()).when({ type: 'DeletePort', id: 'r1-gw' }).thenError('ServicePortInUse', /network:router_gateway/));
});
