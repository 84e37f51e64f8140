import { describe, expect, it } from 'vitest';
import { createFloatingIp, createNetwork, createPort, createRbacPolicy, createRouter, createSubnet } from '../../test-kit/commands.js';
import { deciderSpec } from '../../test-kit/decider-spec.js';
import type { DomainEvent } from '../events.js';
import { SEGMENTATION_STREAM } from '../segmentation/events.js';

describe('network decider', () => {
  it('reserves the lowest free segmentation id in its own stream, then records the network', () => {
    const spec = deciderSpec().when(createNetwork('net-1'));
    spec.thenEvents([
      { type: 'SegmentationIdReserved', version: 1, data: { segmentation_id: 1, network_id: 'net-1' } },
      {
        type: 'NetworkCreated',
        version: 1,
        data: {
          network: {
            id: 'net-1', project_id: 'p', name: '', description: '', admin_state_up: true, shared: false, 'router:external': false,
            mtu: 1450, cidr: null, segmentation_id: 1, tags: [], port_security_enabled: true, is_default: false,
          },
        },
      },
    ]);
    if (spec.decision._tag === 'Right') expect(spec.decision.right.map((a) => [a.stream, a.expected])).toEqual([[SEGMENTATION_STREAM, 'no_stream'], ['network-net-1', 'no_stream']]);
  });

  it('gives each network a segmentation id no other network holds', () =>
    deciderSpec(createNetwork('net-1'), createNetwork('net-2', { segmentation_id: 2 }))
      .when(createNetwork('net-3'))
      .then(([reserved]) => expect(reserved.data).toEqual({ segmentation_id: 3, network_id: 'net-3' })));

  it('refuses a requested segmentation id that another network holds', () =>
    deciderSpec(createNetwork('net-1', { segmentation_id: 77 }))
      .when(createNetwork('net-2', { segmentation_id: 77 }))
      .thenError('Conflict', /VXLAN 77 is in use/));

  it('refuses a segmentation id outside the VXLAN range', () => {
    deciderSpec().when(createNetwork('net-1', { segmentation_id: 0 })).thenError('InvalidInput');
    deciderSpec().when(createNetwork('net-1', { segmentation_id: 16_777_216 })).thenError('InvalidInput');
  });

  it('frees the segmentation id of a deleted network', () =>
    deciderSpec(createNetwork('net-1'), { type: 'DeleteNetwork', id: 'net-1' })
      .when(createNetwork('net-2', { segmentation_id: 1 }))
      .then(([reserved]) => expect(reserved.data).toEqual({ segmentation_id: 1, network_id: 'net-2' })));

  it('refuses a network id that exists', () => deciderSpec(createNetwork('net-1')).when(createNetwork('net-1')).thenError('Conflict'));

  it('refuses an invalid VPC cidr and an mtu outside 68..9216', () => {
    deciderSpec().when(createNetwork('net-1', { cidr: '10.0.0.1/16' })).thenError('InvalidInput', /10\.0\.0\.0\/16/);
    deciderSpec().when(createNetwork('net-1', { mtu: 67 })).thenError('InvalidInput');
    deciderSpec(createNetwork('net-1')).when({ type: 'UpdateNetwork', id: 'net-1', changes: { mtu: 1451 } }).thenError('InvalidInput', /Requested MTU is too big, maximum is 1450/);
  });

  it('deletes its subnets with it', () =>
    deciderSpec(createNetwork('net-1'), createSubnet('sub-1', 'net-1', '10.0.0.0/24'), createSubnet('sub-2', 'net-1', 'fd00::/64'))
      .when({ type: 'DeleteNetwork', id: 'net-1' })
      .thenEvents([
        { type: 'SubnetDeleted', version: 1, data: { id: 'sub-1', network_id: 'net-1' } },
        { type: 'SubnetDeleted', version: 1, data: { id: 'sub-2', network_id: 'net-1' } },
        { type: 'NetworkDeleted', version: 1, data: { id: 'net-1' } },
      ]));

  it('refuses to delete a network that still has ports, and changes nothing', () =>
    deciderSpec(createNetwork('net-1'), createSubnet('sub-1', 'net-1', '10.0.0.0/24'), createPort('port-1', 'net-1'))
      .when({ type: 'DeleteNetwork', id: 'net-1' })
      .thenError('NetworkInUse', /port-1/));

  it('deletes it with its subnets and the ports it owns (DHCP ports), as Neutron does', () =>
    deciderSpec(createNetwork('net-1'), createSubnet('sub-1', 'net-1', '10.0.0.0/24'), createPort('dhcp-1', 'net-1', { device_owner: 'network:dhcp' }))
      .when({ type: 'DeleteNetwork', id: 'net-1' })
      .thenEvents([
        { type: 'PortDeleted', version: 1, data: { id: 'dhcp-1', network_id: 'net-1' } },
        { type: 'SubnetDeleted', version: 1, data: { id: 'sub-1', network_id: 'net-1' } },
        { type: 'NetworkDeleted', version: 1, data: { id: 'net-1' } },
      ]));

  it("stays external while a router's gateway is on it (Neutron's ExternalNetworkInUse); floating IPs alone do not keep it", () => {
    const external = [createNetwork('ext', { 'router:external': true }), createSubnet('ext-sub', 'ext', '203.0.113.0/24')];
    deciderSpec(...external, createRouter('r1', { external_gateway_info: { network_id: 'ext' } }))
      .when({ type: 'UpdateNetwork', id: 'ext', changes: { 'router:external': false } })
      .thenError('ExternalNetworkInUse', /External network ext cannot be updated to be made non-external, since it has existing gateway ports\./);
    deciderSpec(...external, createRouter('r1', { external_gateway_info: { network_id: 'ext' } }))
      .when({ type: 'UpdateNetwork', id: 'ext', changes: { 'router:external': true, name: 'still' } })
      .then(([updated]) => expect(updated.type).toBe('NetworkUpdated'));
  });

  it('stops being external with floating IPs or other projects’ ports on it: only a gateway keeps it (as the reference Neutron answers)', () => {
    const external = [createNetwork('ext', { 'router:external': true }), createSubnet('ext-sub', 'ext', '203.0.113.0/24')];
    const internal = { type: 'UpdateNetwork', id: 'ext', changes: { 'router:external': false } } as const;
    const removed: DomainEvent[] = [
      { type: 'NetworkUpdated', version: 1, data: { id: 'ext', changes: { 'router:external': false } } },
      { type: 'RbacPolicyDeleted', version: 1, data: { id: 'ext-access_as_external', object_id: 'ext' } },
    ];
    deciderSpec(...external, createFloatingIp('fip-b', 'ext', { project_id: 'b' }), createFloatingIp('fip-p', 'ext')).when(internal).thenEvents(removed);
    deciderSpec(...external, createPort('port-b', 'ext', { project_id: 'b', security_groups: [] })).when(internal).thenEvents(removed);
  });

  it('stops being external for every project: the external policies naming a project go with the wildcard (as the reference Neutron answers)', () =>
    deciderSpec(
      createNetwork('ext', { 'router:external': true }),
      createSubnet('ext-sub', 'ext', '203.0.113.0/24'),
      createRbacPolicy('xb', 'ext', 'b', { action: 'access_as_external' }),
      createRbacPolicy('rb', 'ext', 'b'),
      createFloatingIp('fip-b', 'ext', { project_id: 'b' }),
    )
      .when({ type: 'UpdateNetwork', id: 'ext', changes: { 'router:external': false } })
      .thenEvents([
        { type: 'NetworkUpdated', version: 1, data: { id: 'ext', changes: { 'router:external': false } } },
        { type: 'RbacPolicyDeleted', version: 1, data: { id: 'ext-access_as_external', object_id: 'ext' } },
        { type: 'RbacPolicyDeleted', version: 1, data: { id: 'xb', object_id: 'ext' } },
      ]));

  it('stops being shared with only the control plane’s ports of other projects on it (device_owner network:*), not with their subnets or other ports', () => {
    const shared = [createNetwork('net', { shared: true }), createSubnet('sub', 'net', '10.0.0.0/24')];
    const unshare = { type: 'UpdateNetwork', id: 'net', changes: { shared: false } } as const;
    const ofB = (id: string, device_owner: string) => createPort(id, 'net', { project_id: 'b', device_owner, security_groups: [] });
    deciderSpec(...shared, ofB('dhcp-b', 'network:dhcp'), ofB('if-b', 'network:router_interface'))
      .when(unshare)
      .then((events) => expect(events.map((e) => e.type)).toEqual(['NetworkUpdated', 'RbacPolicyDeleted']));
    const sharedExternal = [createNetwork('ext', { shared: true, 'router:external': true }), createSubnet('ext-sub', 'ext', '203.0.113.0/24')];
    deciderSpec(...sharedExternal, createFloatingIp('fip-b', 'ext', { project_id: 'b' }), createRouter('r-b', { project_id: 'b', external_gateway_info: { network_id: 'ext' } }))
      .when({ type: 'UpdateNetwork', id: 'ext', changes: { shared: false } })
      .then((events) => expect(events.map((e) => e.type)).toEqual(['NetworkUpdated', 'RbacPolicyDeleted']));
    // Neutron names the network by its name, even an empty one; an external grant lets nobody in here.
    deciderSpec(...shared, ofB('vm-b', 'compute:nova')).when(unshare).thenError('InvalidSharedSetting', /^Unable to reconfigure sharing settings for network \. Multiple tenants are using it\.$/);
    deciderSpec(...shared, createRbacPolicy('xb', 'net', 'b', { action: 'access_as_external' }), ofB('vm-b', 'compute:nova')).when(unshare).thenError('InvalidSharedSetting');
    deciderSpec(...shared, createSubnet('sub-b', 'net', '10.1.0.0/24', { project_id: 'b' })).when(unshare).thenError('InvalidSharedSetting');
    deciderSpec(...shared, createRbacPolicy('rb', 'net', 'b'), ofB('vm-b', 'compute:nova'), createSubnet('sub-b', 'net', '10.1.0.0/24', { project_id: 'b' }))
      .when(unshare)
      .then((events) => expect(events.map((e) => e.type)).toEqual(['NetworkUpdated', 'RbacPolicyDeleted']));
  });

  it('refuses an unknown network', () => {
    deciderSpec().when({ type: 'UpdateNetwork', id: 'nope', changes: {} }).thenError('NetworkNotFound');
    deciderSpec().when({ type: 'DeleteNetwork', id: 'nope' }).thenError('NetworkNotFound');
  });

  it('applies an update only at the revision If-Match names', () => {
    const given = [createNetwork('net-1'), { type: 'UpdateNetwork' as const, id: 'net-1', changes: { name: 'a' } }];
    deciderSpec(...given).when({ type: 'UpdateNetwork', id: 'net-1', changes: { name: 'b' }, if_revision: 0 }).thenError('RevisionNumberConstraintFailed');
    deciderSpec(...given)
      .when({ type: 'UpdateNetwork', id: 'net-1', changes: { name: 'b' }, if_revision: 1 })
      .thenEvents([{ type: 'NetworkUpdated', version: 1, data: { id: 'net-1', changes: { name: 'b' } } }]);
    deciderSpec(...given).when({ type: 'DeleteNetwork', id: 'net-1', if_revision: 5 }).thenError('RevisionNumberConstraintFailed');
  });
});
