import { describe, expect, it } from 'vitest';
import { ROUTER_INTERFACE_OWNER } from '../port/port.js';
import { addInterface, createNetwork, createPort, createRouter, createSubnet } from '../../test-kit/commands.js';
import { deciderSpec } from '../../test-kit/decider-spec.js';
import type { DomainEvent } from '../events.js';

const lan = [createNetwork('net-1'), createSubnet('sub-1', 'net-1', '10.0.0.0/24')];
const router = createRouter('r1');

describe('router decider', () => {
  it('attaches a subnet through a new port holding its gateway ip', () =>
    deciderSpec(...lan, router)
      .when(addInterface('r1', { subnet_id: 'sub-1' }, 'r1-port'))
      .then(([created]) => {
        expect(created.type).toBe('PortCreated');
        if (created.type !== 'PortCreated') return;
        expect(created.data.port).toMatchObject({
          id: 'r1-port',
          network_id: 'net-1',
          fixed_ips: [{ subnet_id: 'sub-1', ip_address: '10.0.0.1' }],
          device_id: 'r1',
          device_owner: ROUTER_INTERFACE_OWNER,
          security_groups: [],
        });
      }));

  it('refuses a new interface port whose id another port holds', () =>
    deciderSpec(...lan, router, createPort('port-1', 'net-1')).when(addInterface('r1', { subnet_id: 'sub-1' }, 'port-1')).thenError('Conflict'));

  it('refuses a subnet whose gateway ip a port already holds', () =>
    deciderSpec(...lan, router, createPort('port-1', 'net-1', { fixed_ips: [{ ip_address: '10.0.0.1' }] }))
      .when(addInterface('r1', { subnet_id: 'sub-1' }))
      .thenError('IpAddressAlreadyAllocated'));

  it('refuses a subnet without a gateway', () =>
    deciderSpec(createNetwork('net-1'), createSubnet('sub-1', 'net-1', '10.0.0.0/24', { gateway_ip: null }), router)
      .when(addInterface('r1', { subnet_id: 'sub-1' }))
      .thenError('BadRequest', /does not have a gateway IP/));

  it('refuses the same subnet twice', () =>
    deciderSpec(...lan, router, addInterface('r1', { subnet_id: 'sub-1' }, 'if-1'))
      .when(addInterface('r1', { subnet_id: 'sub-1' }, 'if-2'))
      .thenError('BadRequest', /already has a port on subnet sub-1/));

  it('refuses a subnet whose cidr overlaps one the router is already on', () =>
    deciderSpec(...lan, createNetwork('net-2'), createSubnet('sub-2', 'net-2', '10.0.0.0/16'), router, addInterface('r1', { subnet_id: 'sub-1' }, 'if-1'))
      .when(addInterface('r1', { subnet_id: 'sub-2' }, 'if-2'))
      .thenError('BadRequest', /overlaps/));

  it('attaches an existing free port, and refuses one a device already uses', () => {
    deciderSpec(...lan, router, createPort('port-1', 'net-1'))
      .when(addInterface('r1', { port_id: 'port-1' }))
      .thenEvents([
        { type: 'PortUpdated', version: 1, data: { id: 'port-1', network_id: 'net-1', changes: { device_id: 'r1', device_owner: ROUTER_INTERFACE_OWNER } } },
        { type: 'RouterInterfaceAdded', version: 1, data: { router_id: 'r1', port_id: 'port-1', network_id: 'net-1', subnet_ids: ['sub-1'] } },
      ]);
    deciderSpec(...lan, router, createPort('port-1', 'net-1', { device_id: 'vm-1', device_owner: 'compute:nova' }))
      .when(addInterface('r1', { port_id: 'port-1' }))
      .thenError('PortInUse');
  });

  it('records every interface change in the router\'s stream too, in the same append as its port', () => {
    deciderSpec(...lan, router).when(addInterface('r1', { subnet_id: 'sub-1' }, 'if-1')).thenParts({ 'network-net-1': ['PortCreated'], 'router-r1': ['RouterInterfaceAdded'] });
    deciderSpec(...lan, router, addInterface('r1', { subnet_id: 'sub-1' }, 'if-1'))
      .when({ type: 'RemoveRouterInterface', router_id: 'r1', port_id: 'if-1' })
      .thenParts({ 'network-net-1': ['PortDeleted'], 'router-r1': ['RouterInterfaceRemoved'] });
  });

  it('needs exactly one of subnet and port', () =>
    deciderSpec(...lan, router, createPort('port-1', 'net-1'))
      .when({ ...addInterface('r1', { subnet_id: 'sub-1' }), port_id: 'port-1' })
      .thenError('BadRequest', /exactly one/));

  it('refuses to delete a router with interfaces, and changes nothing', () =>
    deciderSpec(...lan, router, addInterface('r1', { subnet_id: 'sub-1' })).when({ type: 'DeleteRouter', id: 'r1' }).thenError('RouterInUse'));

  it('refuses a route whose next hop no interface reaches', () => {
    deciderSpec(...lan, router)
      .when({ type: 'UpdateRouter', id: 'r1', changes: { routes: [{ destination: '192.168.0.0/16', nexthop: '10.0.0.9' }] } })
      .thenError('InvalidRoutes');
    deciderSpec(...lan, router, addInterface('r1', { subnet_id: 'sub-1' }))
      .when({ type: 'UpdateRouter', id: 'r1', changes: { routes: [{ destination: '192.168.0.0/16', nexthop: '10.0.0.9' }] } })
      .then(([updated]) => expect(updated.type).toBe('RouterUpdated'));
  });

  it('refuses to remove an interface a route goes through', () =>
    deciderSpec(
      ...lan,
      router,
      addInterface('r1', { subnet_id: 'sub-1' }),
      { type: 'UpdateRouter', id: 'r1', changes: { routes: [{ destination: '192.168.0.0/16', nexthop: '10.0.0.9' }] } },
    )
      .when({ type: 'RemoveRouterInterface', router_id: 'r1', subnet_id: 'sub-1' })
      .thenError('RouterInterfaceInUseByRoute'));

  it('removes an interface by subnet or by port, deleting its port', () => {
    const attached = [...lan, router, addInterface('r1', { subnet_id: 'sub-1' }, 'if-1')];
    const deleted: DomainEvent[] = [
      { type: 'PortDeleted', version: 1, data: { id: 'if-1', network_id: 'net-1' } },
      { type: 'RouterInterfaceRemoved', version: 1, data: { router_id: 'r1', port_id: 'if-1', network_id: 'net-1', subnet_ids: ['sub-1'] } },
    ];
    deciderSpec(...attached).when({ type: 'RemoveRouterInterface', router_id: 'r1', subnet_id: 'sub-1' }).thenEvents([...deleted]);
    deciderSpec(...attached).when({ type: 'RemoveRouterInterface', router_id: 'r1', port_id: 'if-1' }).thenEvents([...deleted]);
    deciderSpec(...attached).when({ type: 'RemoveRouterInterface', router_id: 'r1', port_id: 'other' }).thenError('RouterInterfaceNotFound');
    deciderSpec(...lan, router).when({ type: 'RemoveRouterInterface', router_id: 'r1', subnet_id: 'sub-1' }).thenError('RouterInterfaceNotFoundForSubnet');
  });

  it('deletes a router once its interfaces are gone', () =>
    deciderSpec(...lan, router, addInterface('r1', { subnet_id: 'sub-1' }), { type: 'RemoveRouterInterface', router_id: 'r1', subnet_id: 'sub-1' })
      .when({ type: 'DeleteRouter', id: 'r1' })
      .thenEvents([{ type: 'RouterDeleted', version: 1, data: { id: 'r1' } }]));

  it('takes an external gateway only on an external network', () => {
    deciderSpec(...lan).when(createRouter('r1', { external_gateway_info: { network_id: 'net-1', enable_snat: true } })).thenError('BadRequest', /not an external network/);
    deciderSpec(createNetwork('ext', { 'router:external': true }))
      .when(createRouter('r1', { external_gateway_info: { network_id: 'ext', enable_snat: true } }))
      .then(([created]) => expect(created.type).toBe('RouterCreated'));
    deciderSpec().when(createRouter('r1', { external_gateway_info: { network_id: 'ghost', enable_snat: true } })).thenError('NetworkNotFound');
  });

  it('changes whether a router is distributed only while it is down, before and after', () => {
    const down = { type: 'UpdateRouter' as const, id: 'r1', changes: { admin_state_up: false } };
    deciderSpec(router).when({ type: 'UpdateRouter', id: 'r1', changes: { distributed: true } }).thenError('BadRequest', /Cannot change the 'distributed' attribute of active routers/);
    deciderSpec(router, down).when({ type: 'UpdateRouter', id: 'r1', changes: { distributed: true, admin_state_up: true } }).thenError('BadRequest', /active routers/);
    deciderSpec(router).when({ type: 'UpdateRouter', id: 'r1', changes: { distributed: false } }).then(([updated]) => expect(updated.type).toBe('RouterUpdated'));
    deciderSpec(router, down)
      .when({ type: 'UpdateRouter', id: 'r1', changes: { distributed: true } })
      .then(([updated]) => expect(updated).toMatchObject({ type: 'RouterUpdated', data: { changes: { distributed: true } } }));
  });

  it('refuses an existing id, an unknown router, a stale revision', () => {
    deciderSpec(router).when(router).thenError('Conflict');
    deciderSpec().when({ type: 'DeleteRouter', id: 'r1' }).thenError('RouterNotFound');
    deciderSpec(...lan).when(addInterface('r1', { subnet_id: 'sub-1' })).thenError('RouterNotFound');
    deciderSpec(router).when({ type: 'UpdateRouter', id: 'r1', changes: { name: 'x' }, if_revision: 2 }).thenError('RevisionNumberConstraintFailed');
    deciderSpec(router).when({ type: 'DeleteRouter', id: 'r1', if_revision: 2 }).thenError('RevisionNumberConstraintFailed');
  });
});
