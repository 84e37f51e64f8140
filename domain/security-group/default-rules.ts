import type { SecurityGroupRuleFields } from './security-group.js';

type Base = Pick<SecurityGroupRuleFields, 'security_group_id' | 'project_id'>;

const rule = (
  id: string,
  base: Base,
  direction: 'ingress' | 'egress',
  ethertype: 'IPv4' | 'IPv6',
  remoteGroup: string | null,
): SecurityGroupRuleFields => ({
  id,
  ...base,
  direction,
  ethertype,
  protocol: null,
  port_range_min: null,
  port_range_max: null,
  remote_ip_prefix: null,
  remote_group_id: remoteGroup,
  description: '',
});

/** Every new group lets all traffic out, as in Neutron. */
export const egressRules = (ruleIds: readonly string[], base: Base): SecurityGroupRuleFields[] => [
  rule(ruleIds[0], base, 'egress', 'IPv4', null),
  rule(ruleIds[1], base, 'egress', 'IPv6', null),
];

/** A project's default group also lets in what comes from its own members. */
export const defaultGroupRules = (ruleIds: readonly string[], base: Base): SecurityGroupRuleFields[] => [
  ...egressRules(ruleIds, base),
  rule(ruleIds[2], base, 'ingress', 'IPv4', base.security_group_id),
  rule(ruleIds[3], base, 'ingress', 'IPv6', base.security_group_id),
];
