import { describe, expect, it } from 'vitest';
import { createNetwork, createPort, createRbacPolicy, createSubnet, networkRequest } from '../../test-kit/commands.js';
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

  it('goes with its network', () => {
    const world = worldAfter(...net, createRbacPolicy('rb', 'net', 'b'), { type: 'DeleteNetwork', id: 'net' });
    expect(world.policyNetwork.size).toBe(0);
    expect(world.usage.get('p')).toBeUndefined();
  });
});
