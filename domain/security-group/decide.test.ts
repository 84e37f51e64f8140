import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events.js';
import { createNetwork, createPort, createRule, createSecurityGroup, createSubnet, ensureDefaultSecurityGroup } from '../../test-kit/commands.js';
import { deciderSpec } from '../../test-kit/decider-spec.js';
import type { SecurityGroupRuleFields } from './security-group.js';

const rulesOf = ([created]: DomainEvent[]) => {
  if (created.type !== 'SecurityGroupCreated') throw new Error(`expected SecurityGroupCreated, got ${created.type}`);
  return created.data.rules.map((r) => [r.direction, r.ethertype, r.remote_group_id]);
};

const storedRule = ([created]: DomainEvent[]): SecurityGroupRuleFields => {
  if (created.type !== 'SecurityGroupRuleCreated') throw new Error(`expected SecurityGroupRuleCreated, got ${created.type}`);
  return created.data.rule;
};

const group = createSecurityGroup('web');

describe('security group decider: groups', () => {
  it("gives a project's default group Neutron's four rules", () =>
    deciderSpec()
      .when(ensureDefaultSecurityGroup('p', 'sg-default'))
      .then((events) =>
        expect(rulesOf(events)).toEqual([
          ['egress', 'IPv4', null],
          ['egress', 'IPv6', null],
          ['ingress', 'IPv4', 'sg-default'],
          ['ingress', 'IPv6', 'sg-default'],
        ]),
      ));

  it('creates the default group once: a second ensure decides nothing', () =>
    deciderSpec(ensureDefaultSecurityGroup('p', 'sg-default')).when(ensureDefaultSecurityGroup('p', 'sg-other')).thenEvents([]));

  it('refuses a default group whose id another group holds', () =>
    deciderSpec(createSecurityGroup('sg-1')).when(ensureDefaultSecurityGroup('p', 'sg-1')).thenError('Conflict'));

  it('lets a new group send everything out and nothing in', () =>
    deciderSpec().when(group).then((events) => expect(rulesOf(events)).toEqual([['egress', 'IPv4', null], ['egress', 'IPv6', null]])));

  it('refuses a second group named default in the project, and renaming the default group', () => {
    deciderSpec(ensureDefaultSecurityGroup('p', 'sg-default')).when(createSecurityGroup('other', { name: 'default' })).thenError('SecurityGroupDefaultAlreadyExists');
    deciderSpec(ensureDefaultSecurityGroup('p', 'sg-default'))
      .when({ type: 'UpdateSecurityGroup', id: 'sg-default', changes: { name: 'mine' } })
      .thenError('SecurityGroupCannotUpdateDefault');
  });

  it('refuses to delete the default group unless an admin asks', () => {
    deciderSpec(ensureDefaultSecurityGroup('p', 'sg-default')).when({ type: 'DeleteSecurityGroup', id: 'sg-default', by_admin: false }).thenError('SecurityGroupCannotRemoveDefault');
    deciderSpec(ensureDefaultSecurityGroup('p', 'sg-default'))
      .when({ type: 'DeleteSecurityGroup', id: 'sg-default', by_admin: true })
      .thenEvents([{ type: 'SecurityGroupDeleted', version: 1, data: { id: 'sg-default' } }]);
  });

  it('deletes a group in its project\'s stream, checking every stream a port could name it in', () =>
    deciderSpec(group, createNetwork('net-1'))
      .when({ type: 'DeleteSecurityGroup', id: 'web', by_admin: true })
      .thenParts({ 'security-groups-p': ['SecurityGroupDeleted'], 'segmentation-ids': 'checked', 'network-net-1': 'checked' }));

  it('refuses to delete a group a port uses, and changes nothing', () =>
    deciderSpec(group, createNetwork('net-1'), createSubnet('sub-1', 'net-1', '10.0.0.0/24'), createPort('port-1', 'net-1', { security_groups: ['web'] }))
      .when({ type: 'DeleteSecurityGroup', id: 'web', by_admin: true })
      .thenError('SecurityGroupInUse'));

  it('deletes a group once its last port left it', () =>
    deciderSpec(
      group,
      createNetwork('net-1'),
      createPort('port-1', 'net-1', { security_groups: ['web'] }),
      { type: 'UpdatePort', id: 'port-1', changes: { security_groups: [] } },
    )
      .when({ type: 'DeleteSecurityGroup', id: 'web', by_admin: false })
      .then(([deleted]) => expect(deleted.type).toBe('SecurityGroupDeleted')));

  it("deletes a group used only as a remote group, and the other groups' rules that name it, as Neutron does", () => {
    deciderSpec(group, createSecurityGroup('db'), createRule('r1', 'db', { remote_group_id: 'web' }), createRule('r2', 'db', { protocol: 'tcp' }))
      .when({ type: 'DeleteSecurityGroup', id: 'web', by_admin: false })
      .then((events) =>
        expect(events.map((e) => [e.type, (e.data as { id: string }).id])).toEqual([
          ['SecurityGroupRuleDeleted', 'r1'],
          ['SecurityGroupDeleted', 'web'],
        ]),
      );
    deciderSpec(group, createRule('r1', 'web', { remote_group_id: 'web' }))
      .when({ type: 'DeleteSecurityGroup', id: 'web', by_admin: false })
      .then(([deleted]) => expect(deleted.type).toBe('SecurityGroupDeleted'));
  });

  it('applies an update or delete only at the revision If-Match names', () => {
    deciderSpec(group).when({ type: 'UpdateSecurityGroup', id: 'web', changes: { description: 'x' }, if_revision: 1 }).thenError('RevisionNumberConstraintFailed');
    deciderSpec(group, createRule('r1', 'web', { protocol: 'tcp', port_range_min: 80, port_range_max: 80 }))
      .when({ type: 'DeleteSecurityGroup', id: 'web', by_admin: false, if_revision: 0 })
      .thenError('RevisionNumberConstraintFailed');
  });
});

describe('security group decider: rules', () => {
  it('stores the protocol lower-cased and the remote prefix as given (Neutron keeps its host bits)', () =>
    deciderSpec(group)
      .when(createRule('r1', 'web', { protocol: 'TCP', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '192.0.2.77/24' }))
      .then((events) => expect(storedRule(events)).toMatchObject({ protocol: 'tcp', remote_ip_prefix: '192.0.2.77/24' })));

  it('takes a protocol number from 0 to 255', () => {
    deciderSpec(group).when(createRule('r1', 'web', { protocol: 47 })).then((events) => expect(storedRule(events).protocol).toBe('47'));
    deciderSpec(group).when(createRule('r1', 'web', { protocol: 256 })).thenError('SecurityGroupRuleInvalidProtocol');
    deciderSpec(group).when(createRule('r1', 'web', { protocol: 'tcpx' })).thenError('SecurityGroupRuleInvalidProtocol');
  });

  it.each([
    ['tcp', 0, 80, 'SecurityGroupInvalidPortValue'],
    ['tcp', 100, 80, 'SecurityGroupInvalidPortRange'],
    ['udp', 1, 65536, 'SecurityGroupInvalidPortValue'],
    ['tcp', 80, null, 'SecurityGroupInvalidPortRange'],
    ['icmp', 256, 0, 'SecurityGroupInvalidIcmpValue'],
    ['icmp', 8, 256, 'SecurityGroupInvalidIcmpValue'],
    ['icmp', null, 0, 'SecurityGroupMissingIcmpType'],
    ['gre', 1, 1, 'SecurityGroupInvalidPortRange'],
  ] as const)('refuses %s with port range %s..%s as %s, as Neutron does', (protocol, min, max, type) =>
    deciderSpec(group).when(createRule('r1', 'web', { protocol, port_range_min: min, port_range_max: max })).thenError(type));

  it('refuses a port range without a protocol', () =>
    deciderSpec(group).when(createRule('r1', 'web', { port_range_min: 1, port_range_max: 2 })).thenError('SecurityGroupProtocolRequiredWithPorts', /protocol/));

  it('accepts an icmp type with or without a code', () => {
    deciderSpec(group).when(createRule('r1', 'web', { protocol: 'icmp', port_range_min: 8, port_range_max: null })).then((e) => expect(e).toHaveLength(1));
    deciderSpec(group).when(createRule('r1', 'web', { protocol: 'icmp', port_range_min: 3, port_range_max: 4 })).then((e) => expect(e).toHaveLength(1));
  });

  it('refuses icmpv6 on IPv4 and a prefix of the other ethertype', () => {
    deciderSpec(group).when(createRule('r1', 'web', { protocol: 'ipv6-icmp' })).thenError('SecurityGroupEthertypeConflictWithProtocol', /Invalid ethertype IPv4/);
    deciderSpec(group).when(createRule('r1', 'web', { remote_ip_prefix: 'fd00::/64' })).thenError('SecurityGroupRuleParameterConflict', /Conflicting value ethertype/);
    deciderSpec(group).when(createRule('r1', 'web', { remote_ip_prefix: '10.0.0.0/33' })).thenError('InvalidInput');
  });

  it('refuses a remote group together with a remote prefix, and an unknown remote group', () => {
    deciderSpec(group).when(createRule('r1', 'web', { remote_group_id: 'web', remote_ip_prefix: '10.0.0.0/8' })).thenError('SecurityGroupMultipleRemoteEntites');
    deciderSpec(group).when(createRule('r1', 'web', { remote_group_id: 'ghost' })).thenError('SecurityGroupNotFound');
  });

  it('refuses a rule that matches the same traffic as an existing one', () => {
    deciderSpec(group).when(createRule('r1', 'web', { direction: 'egress', ethertype: 'IPv6' })).thenError('SecurityGroupRuleExists', /web-egress-6/);
    const ssh = createRule('r1', 'web', { protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '10.0.0.0/8' });
    deciderSpec(group, ssh)
      .when(createRule('r2', 'web', { protocol: 'TCP', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '10.0.0.0/8' }))
      .thenError('SecurityGroupRuleExists', /r1/);
    deciderSpec(group, ssh)
      .when(createRule('r2', 'web', { protocol: 6, port_range_min: 22, port_range_max: 22, remote_ip_prefix: '10.0.0.0/8' }))
      .thenError('SecurityGroupRuleExists', /r1/);
  });

  it('keeps a remote prefix as given, its length made explicit; another address of the block is another rule, as in Neutron', () => {
    const ssh = createRule('r1', 'web', { protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '10.0.0.0/8' });
    deciderSpec(group, ssh)
      .when(createRule('r2', 'web', { protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '10.1.2.3/8' }))
      .then((events) => expect(events.map((e) => (e.data as { rule: { remote_ip_prefix: string } }).rule.remote_ip_prefix)).toEqual(['10.1.2.3/8']));
    deciderSpec(group)
      .when(createRule('r1', 'web', { protocol: 'tcp', remote_ip_prefix: '10.1.2.3' }))
      .then((events) => expect(events.map((e) => (e.data as { rule: { remote_ip_prefix: string } }).rule.remote_ip_prefix)).toEqual(['10.1.2.3/32']));
  });

  it('allows the same rule in another group, and again once deleted', () => {
    const ssh = (id: string, groupId: string) => createRule(id, groupId, { protocol: 'tcp', port_range_min: 22, port_range_max: 22 });
    deciderSpec(group, createSecurityGroup('db'), ssh('r1', 'db')).when(ssh('r2', 'web')).then((e) => expect(e).toHaveLength(1));
    deciderSpec(group, ssh('r1', 'web'), { type: 'DeleteSecurityGroupRule', id: 'r1' }).when(ssh('r2', 'web')).then((e) => expect(e).toHaveLength(1));
  });

  it('refuses a rule id that exists, an unknown group, an unknown rule', () => {
    deciderSpec(group).when(createRule('web-egress-4', 'web', { protocol: 'udp', port_range_min: 53, port_range_max: 53 })).thenError('Conflict');
    deciderSpec().when(createRule('r1', 'ghost')).thenError('SecurityGroupNotFound');
    deciderSpec(group).when({ type: 'DeleteSecurityGroupRule', id: 'ghost' }).thenError('SecurityGroupRuleNotFound');
  });
});
