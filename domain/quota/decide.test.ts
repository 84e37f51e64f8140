import { describe, expect, it } from 'vitest';
import { createFloatingIp, createNetwork, createPort, createRouter, createRule, createSecurityGroup, createSubnet, portRequest } from '../../test-kit/commands.js';
import { deciderSpec, worldAfter } from '../../test-kit/decider-spec.js';
import { limitsOf, usedBy } from './limits.js';

const limit = (limits: Record<string, number>, project = 'p') => ({ type: 'UpdateQuota' as const, project_id: project, limits });

describe('quota decider', () => {
  it('records a project’s limits, and resets them to the defaults', () => {
    deciderSpec().when(limit({ network: 5, port: -1 })).thenEvents([{ type: 'QuotaUpdated', version: 1, data: { project_id: 'p', limits: { network: 5, port: -1 } } }]);
    const world = worldAfter(limit({ network: 5 }), limit({ port: 7 }));
    expect(limitsOf(world, 'p')).toMatchObject({ network: 5, port: 7, subnet: 1_000_000, rbac_policy: 10, subnetpool: -1 });
    deciderSpec(limit({ network: 5 })).when({ type: 'ResetQuota', project_id: 'p' }).thenEvents([{ type: 'QuotaReset', version: 1, data: { project_id: 'p' } }]);
    deciderSpec().when({ type: 'ResetQuota', project_id: 'p' }).thenError('TenantQuotaNotFound', /Quota for tenant p could not be found/);
  });

  it('refuses a create past the limit with Neutron’s OverQuota, for every counted resource', () => {
    deciderSpec(limit({ network: 1 }), createNetwork('a')).when(createNetwork('b')).thenError('OverQuota', /^Quota exceeded for resources: \['network'\]\.$/);
    deciderSpec(limit({ network: 0 })).when(createNetwork('a')).thenError('OverQuota');
    const net = [createNetwork('n'), createSubnet('s', 'n', '10.0.0.0/24')];
    deciderSpec(...net, limit({ subnet: 1 })).when(createSubnet('s2', 'n', '10.0.1.0/24')).thenError('OverQuota', /'subnet'/);
    deciderSpec(...net, limit({ port: 1 }), createPort('a', 'n')).when(createPort('b', 'n')).thenError('OverQuota', /'port'/);
    deciderSpec(...net, limit({ port: 2 })).when({ type: 'CreatePorts', ports: [1, 2, 3].map((i) => portRequest(`p${i}`, 'n', { mac_entropy: String(i) })) }).thenError('OverQuota');
    deciderSpec(limit({ router: 0 })).when(createRouter('r')).thenError('OverQuota', /'router'/);
    deciderSpec(limit({ security_group: 0 })).when(createSecurityGroup('g')).thenError('OverQuota', /'security_group'/);
    // A new group brings its two egress rules.
    deciderSpec(createSecurityGroup('g'), limit({ security_group_rule: 2 })).when(createRule('r', 'g')).thenError('OverQuota', /'security_group_rule'/);
  });

  it('limits each project on its own, and -1 means no limit', () => {
    deciderSpec(limit({ network: 0 }, 'other')).when(createNetwork('a')).then((events) => expect(events).toHaveLength(2));
    deciderSpec(limit({ network: -1 }), createNetwork('a'), createNetwork('b')).when(createNetwork('c')).then((events) => expect(events).toHaveLength(2));
  });

  it('counts what a project holds, and frees the count on delete', () => {
    const world = worldAfter(createNetwork('n'), createSubnet('s', 'n', '10.0.0.0/24'), createPort('a', 'n'), createSecurityGroup('g'), createRule('r', 'g'));
    expect(['network', 'subnet', 'port', 'security_group', 'security_group_rule'].map((r) => usedBy(world, 'p', r as never))).toEqual([1, 1, 1, 1, 3]);
    const after = worldAfter(createNetwork('n'), createSubnet('s', 'n', '10.0.0.0/24'), createPort('a', 'n'), createSecurityGroup('g'), createRule('r', 'g'),
      { type: 'DeletePort', id: 'a' }, { type: 'DeleteNetwork', id: 'n' }, { type: 'DeleteSecurityGroup', id: 'g', by_admin: true });
    expect(after.usage.size).toBe(0);
  });
});

describe('quota of floating IPs', () => {
  const external = [createNetwork('ext', { 'router:external': true }), createSubnet('ext-sub', 'ext', '203.0.113.0/24', { enable_dhcp: false })];
  it('counts floating IPs and refuses one past the limit', () => {
    deciderSpec(...external, limit({ floatingip: 1 }), createFloatingIp('f1', 'ext')).when(createFloatingIp('f2', 'ext')).thenError('OverQuota', /'floatingip'/);
    const world = worldAfter(...external, createFloatingIp('f1', 'ext'), { type: 'DeleteFloatingIp', id: 'f1' });
    expect(usedBy(world, 'p', 'floatingip')).toBe(0);
    expect(usedBy(worldAfter(...external, createFloatingIp('f1', 'ext')), 'p', 'floatingip')).toBe(1);
  });
});
