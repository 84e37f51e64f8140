import { describe, expect, it } from 'vitest';
import { createFloatingIp, createNetwork, createPort, createRbacPolicy, createRouter, createSubnet, networkRequest, setGateway } from '../../test-kit/commands.js';
import { deciderSpec, worldAfter } from '../../test-kit/decider-spec.js';
import { mayUseNetwork } from './access.js';

const net = [createNetwork('net'), createSubnet('sub', 'net', '10.0.0.0/24')];
const portOf = (project: string) => createPort(`port-${project}`, 'net', { project_id: project, security_groups: [] });

describe('rbac policy decider', () => {
  it('grants a network to one project, in the network’s stream', () => {
    const spec = deciderSpec(...net).when(createRbacPolicy('rb', 'net', 'b'));
    spec.thenEvents([
      {
        type: 'RbacPolicyCreated',
        version: 1,
        data: { policy: { id: 'rb', project_id: 'p', object_type: 'network', object_id: 'net', action: 'access_as_shared', target_tenant: 'b' } },
      },
    ]);
    if (spec.decision._tag === 'Right') expect(spec.decision.right.map((a) => a.stream)).toEqual(['network-net']);
    const world = worldAfter(...net, createRbacPolicy('rb', 'net', 'b'));
    const state = world.networks.get('net')!;
    expect([mayUseNetwork(state, 'b'), mayUseNetwork(state, 'c'), mayUseNetwork(state, 'p')]).toEqual([true, false, true]);
    expect(state.network.shared).toBe(false);
  });

  it('refuses the same grant twice, an unknown network, and more policies than the quota', () => {
    deciderSpec(...net, createRbacPolicy('rb', 'net', 'b')).when(createRbacPolicy('rb2', 'net', 'b')).thenError('DuplicateRbacPolicy');
    deciderSpec().when(createRbacPolicy('rb', 'nope', 'b')).thenError('InvalidInput', /Network nope could not be found/);
    const ten = Array.from({ length: 10 }, (_, i) => createRbacPolicy(`rb${i}`, 'net', `t${i}`));
    deciderSpec(...net, ...ten).when(createRbacPolicy('rb10', 'net', 't10')).thenError('OverQuota', /\['rbac_policy'\]/);
  });

  it('makes `shared` the wildcard policy: shared on create creates it, and it shows in the network', () => {
    deciderSpec().when({ type: 'CreateNetworks', networks: [{ ...networkRequest('net', { shared: true }), wildcard_policy_ids: { access_as_shared: 'w' } }] }).then((events) => {
      expect(events.map((e) => e.type)).toEqual(['SegmentationIdReserved', 'NetworkCreated', 'RbacPolicyCreated']);
      expect(events[2].data).toEqual({ policy: { id: 'w', project_id: 'p', object_type: 'network', object_id: 'net', action: 'access_as_shared', target_tenant: '*' } });
    });
    deciderSpec(...net).when(createRbacPolicy('w', 'net', '*')).thenEvents([
      { type: 'RbacPolicyCreated', version: 1, data: { policy: { id: 'w', project_id: 'p', object_type: 'network', object_id: 'net', action: 'access_as_shared', target_tenant: '*' } } },
      { type: 'NetworkUpdated', version: 1, data: { id: 'net', changes: { shared: true } } },
    ]);
    deciderSpec(...net).when(createRbacPolicy('w', 'net', '*', { action: 'access_as_external' })).then((events) =>
      expect(events[1]).toEqual({ type: 'NetworkUpdated', version: 1, data: { id: 'net', changes: { 'router:external': true } } }));
  });

  it('unshares by removing the wildcard policy, unless another project’s port depends on it', () => {
    const shared = [...net, createRbacPolicy('w', 'net', '*')];
    deciderSpec(...shared).when({ type: 'UpdateNetwork', id: 'net', changes: { shared: false } }).thenEvents([
      { type: 'NetworkUpdated', version: 1, data: { id: 'net', changes: { shared: false } } },
      { type: 'RbacPolicyDeleted', version: 1, data: { id: 'w', object_id: 'net' } },
    ]);
    deciderSpec(...shared, portOf('b')).when({ type: 'UpdateNetwork', id: 'net', changes: { shared: false } }).thenError('InvalidSharedSetting', /Multiple tenants are using it/);
    deciderSpec(...shared, portOf('b')).when({ type: 'DeleteRbacPolicy', id: 'w' }).thenError('RbacPolicyInUse', /cannot be removed because other objects depend on it/);
    // A grant of its own keeps project b in: the wildcard may go.
    deciderSpec(...shared, createRbacPolicy('rb', 'net', 'b'), portOf('b'))
      .when({ type: 'DeleteRbacPolicy', id: 'w' })
      .thenEvents([
        { type: 'RbacPolicyDeleted', version: 1, data: { id: 'w', object_id: 'net' } },
        { type: 'NetworkUpdated', version: 1, data: { id: 'net', changes: { shared: false } } },
      ]);
    // The owner's own ports depend on nothing.
    deciderSpec(...shared, portOf('p')).when({ type: 'DeleteRbacPolicy', id: 'w' }).then((events) => expect(events).toHaveLength(2));
  });

  it('moves a grant to another project only when no port of the first depends on it', () => {
    const granted = [...net, createRbacPolicy('rb', 'net', 'b')];
    deciderSpec(...granted, portOf('b')).when({ type: 'UpdateRbacPolicy', id: 'rb', changes: { target_tenant: 'c' } }).thenError('RbacPolicyInUse');
    deciderSpec(...granted)
      .when({ type: 'UpdateRbacPolicy', id: 'rb', changes: { target_tenant: 'c' } })
      .thenEvents([{ type: 'RbacPolicyUpdated', version: 1, data: { id: 'rb', object_id: 'net', changes: { target_tenant: 'c' } } }]);
    deciderSpec(...granted, { type: 'DeleteRbacPolicy', id: 'rb' }).when({ type: 'DeleteRbacPolicy', id: 'rb' }).thenError('RbacPolicyNotFound');
  });

  it('keeps a shared grant while any port of a project it lets in is on the network, the control plane’s own too (Neutron’s RBAC check)', () => {
    const shared = [...net, createRbacPolicy('w', 'net', '*')];
    const dhcpOfB = createPort('dhcp-b', 'net', { project_id: 'b', device_owner: 'network:dhcp', security_groups: [] });
    deciderSpec(...shared, dhcpOfB).when({ type: 'DeleteRbacPolicy', id: 'w' }).thenError('RbacPolicyInUse', /Details: Unable to reconfigure sharing settings for network net\. Multiple tenants are using it\./);
    // A floating IP's port has no project: the wildcard lets it in, so it needs the wildcard.
    const sharedExternal = [createNetwork('ext', { shared: true, 'router:external': true }), createSubnet('ext-sub', 'ext', '203.0.113.0/24')];
    deciderSpec(...sharedExternal, createFloatingIp('fip', 'ext', { project_id: 'b' }))
      .when({ type: 'DeleteRbacPolicy', id: 'ext-access_as_shared' })
      .thenError('RbacPolicyInUse');
    // Only the policies in place count: a grant moving to everyone still strands b meanwhile.
    deciderSpec(...net, createRbacPolicy('rb', 'net', 'b'), portOf('b')).when({ type: 'UpdateRbacPolicy', id: 'rb', changes: { target_tenant: '*' } }).thenError('RbacPolicyInUse');
    // Another action lets nobody in here: b's external grant does not keep its port.
    deciderSpec(...shared, createRbacPolicy('xb', 'net', 'b', { action: 'access_as_external' }), portOf('b')).when({ type: 'DeleteRbacPolicy', id: 'w' }).thenError('RbacPolicyInUse');
  });

  it('keeps an external grant while a router of a project it lets in has its gateway on the network; floating IPs and ports need none', () => {
    const ext = [createNetwork('ext', { 'router:external': true }), createSubnet('ext-sub', 'ext', '203.0.113.0/24')];
    const wildcard = 'ext-access_as_external';
    const routers = /Details: There are routers attached to this network that depend on this policy for access\.$/;
    const gatewayOf = (project: string) => createRouter(`r-${project}`, { project_id: project, external_gateway_info: { network_id: 'ext' } });
    deciderSpec(...ext, gatewayOf('b')).when({ type: 'DeleteRbacPolicy', id: wildcard }).thenError('RbacPolicyInUse', routers);
    deciderSpec(...ext, gatewayOf('p')).when({ type: 'DeleteRbacPolicy', id: wildcard }).thenError('RbacPolicyInUse', routers);
    deciderSpec(...ext, gatewayOf('p')).when({ type: 'UpdateRbacPolicy', id: wildcard, changes: { target_tenant: 'b' } }).thenError('RbacPolicyInUse', routers);
    deciderSpec(...ext, gatewayOf('b'))
      .when({ type: 'UpdateRbacPolicy', id: wildcard, changes: { target_tenant: 'b' } })
      .then(([updated]) => expect(updated.type).toBe('RbacPolicyUpdated'));
    // b's own grant keeps its router in: the wildcard may go. (Neutron still shows the network
    // router:external while any access_as_external policy is on it; netledger shows the wildcard.)
    deciderSpec(...ext, createRbacPolicy('xb', 'ext', 'b', { action: 'access_as_external' }), gatewayOf('b'))
      .when({ type: 'DeleteRbacPolicy', id: wildcard })
      .then(([deleted]) => expect(deleted.type).toBe('RbacPolicyDeleted'));
    // ...and b's grant may go while the wildcard lets b in, not without it.
    deciderSpec(...ext, createRbacPolicy('xb', 'ext', 'b', { action: 'access_as_external' }), gatewayOf('b'))
      .when({ type: 'DeleteRbacPolicy', id: 'xb' })
      .thenEvents([{ type: 'RbacPolicyDeleted', version: 1, data: { id: 'xb', object_id: 'ext' } }]);
    const granted = [createNetwork('net2'), createSubnet('sub2', 'net2', '198.51.100.0/24'), createRbacPolicy('xb', 'net2', 'b', { action: 'access_as_external' })];
    deciderSpec(...granted, createRouter('r-b', { project_id: 'b' }), setGateway('r-b', { network_id: 'net2' }))
      .when({ type: 'DeleteRbacPolicy', id: 'xb' })
      .thenError('RbacPolicyInUse', routers);
    deciderSpec(...ext, createFloatingIp('fip', 'ext', { project_id: 'b' }), createPort('port-b', 'ext', { project_id: 'b', security_groups: [] }))
      .when({ type: 'DeleteRbacPolicy', id: wildcard })
      .thenEvents([
        { type: 'RbacPolicyDeleted', version: 1, data: { id: wildcard, object_id: 'ext' } },
        { type: 'NetworkUpdated', version: 1, data: { id: 'ext', changes: { 'router:external': false } } },
      ]);
    deciderSpec(createNetwork('ext', { 'router:external': true, is_default: true }))
      .when({ type: 'DeleteRbacPolicy', id: wildcard })
      .thenError('RbacPolicyInUse', /Details: Default external networks must be shared to everyone\.$/);
  });

  it('goes with its network', () => {
    const world = worldAfter(...net, createRbacPolicy('rb', 'net', 'b'), { type: 'DeleteNetwork', id: 'net' });
    expect(world.policyNetwork.size).toBe(0);
    expect(world.usage.get('p')).toBeUndefined();
  });
});
