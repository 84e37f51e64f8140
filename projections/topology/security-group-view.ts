import { normalizedCidr, type SecurityGroup, type SecurityGroupRule } from '../../domain/index.js';

/** `inDefaultGroup`: whether the rule's group is its project's default group. */
export const securityGroupRuleView = (rule: SecurityGroupRule, inDefaultGroup: boolean) => ({
  id: rule.id,
  tenant_id: rule.project_id,
  project_id: rule.project_id,
  security_group_id: rule.security_group_id,
  direction: rule.direction,
  ethertype: rule.ethertype,
  protocol: rule.protocol,
  port_range_min: rule.port_range_min,
  port_range_max: rule.port_range_max,
  remote_ip_prefix: rule.remote_ip_prefix,
  remote_group_id: rule.remote_group_id,
  remote_address_group_id: rule.remote_address_group_id ?? null,
  normalized_cidr: normalizedCidr(rule.remote_ip_prefix),
  belongs_to_default_sg: inDefaultGroup,
  description: rule.description,
  created_at: rule.created_at,
  updated_at: rule.updated_at,
  revision_number: rule.revision_number,
});
export type SecurityGroupRuleView = ReturnType<typeof securityGroupRuleView>;

export const securityGroupView = (group: SecurityGroup, isDefault: boolean) => ({
  id: group.id,
  name: group.name,
  tenant_id: group.project_id,
  project_id: group.project_id,
  description: group.description,
  stateful: group.stateful,
  shared: false,
  security_group_rules: group.security_group_rules.map((rule) => securityGroupRuleView(rule, isDefault)),
  tags: group.tags,
  created_at: group.created_at,
  updated_at: group.updated_at,
  revision_number: group.revision_number,
});
export type SecurityGroupView = ReturnType<typeof securityGroupView>;
