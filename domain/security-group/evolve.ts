import { created, touched } from '../common/standard-attributes.js';
import type { RecordedEvent } from '../events.js';
import type { World } from '../world.js';
import type {
  SecurityGroupCreated,
  SecurityGroupDeleted,
  SecurityGroupRuleCreated,
  SecurityGroupRuleDeleted,
  SecurityGroupUpdated,
} from './events.js';
import { DEFAULT_GROUP_NAME, type SecurityGroupRule, type SecurityGroupRuleFields } from './security-group.js';

type At = Pick<RecordedEvent, 'metadata'>;

/** Counts, per remote (a group or an address group), the rules of each group that name it. */
const countIn = (index: Map<string, Map<string, number>>, remote: string | null | undefined, group: string, delta: 1 | -1): void => {
  if (!remote) return;
  const referrers = index.get(remote) ?? new Map<string, number>();
  const count = (referrers.get(group) ?? 0) + delta;
  if (count > 0) referrers.set(group, count);
  else referrers.delete(group);
  if (referrers.size > 0) index.set(remote, referrers);
  else index.delete(remote);
};

const countReferrer = (world: World, rule: SecurityGroupRuleFields, delta: 1 | -1): void => {
  countIn(world.groupReferrers, rule.remote_group_id, rule.security_group_id, delta);
  countIn(world.addressGroupReferrers, rule.remote_address_group_id, rule.security_group_id, delta);
};

const addRule = (world: World, rule: SecurityGroupRule): void => {
  world.ruleGroup.set(rule.id, rule.security_group_id);
  countReferrer(world, rule, 1);
};

export const securityGroupCreated = (world: World, event: SecurityGroupCreated & At): void => {
  const stamp = created(event.metadata.decidedAt);
  const rules = event.data.rules.map((rule) => ({ ...rule, ...stamp }));
  const { group } = event.data;
  world.securityGroups.set(group.id, { ...group, ...stamp, security_group_rules: rules });
  for (const rule of rules) addRule(world, rule);
  if (group.name === DEFAULT_GROUP_NAME && !world.defaultSecurityGroups.has(group.project_id)) {
    world.defaultSecurityGroups.set(group.project_id, group.id);
  }
};

export const securityGroupUpdated = (world: World, event: SecurityGroupUpdated & At): void => {
  const group = world.securityGroups.get(event.data.id)!;
  world.securityGroups.set(group.id, touched({ ...group, ...event.data.changes }, event.metadata.decidedAt));
};

export const securityGroupDeleted = (world: World, event: SecurityGroupDeleted): void => {
  const group = world.securityGroups.get(event.data.id)!;
  for (const rule of group.security_group_rules) {
    world.ruleGroup.delete(rule.id);
    countReferrer(world, rule, -1);
  }
  if (world.defaultSecurityGroups.get(group.project_id) === group.id) world.defaultSecurityGroups.delete(group.project_id);
  world.securityGroups.delete(group.id);
};

/** A rule change is a change of its group too: the group's revision moves, as in Neutron. */
export const securityGroupRuleCreated = (world: World, event: SecurityGroupRuleCreated & At): void => {
  const rule = { ...event.data.rule, ...created(event.metadata.decidedAt) };
  const group = world.securityGroups.get(rule.security_group_id)!;
  world.securityGroups.set(
    group.id,
    touched({ ...group, security_group_rules: [...group.security_group_rules, rule] }, event.metadata.decidedAt),
  );
  addRule(world, rule);
};

export const securityGroupRuleDeleted = (world: World, event: SecurityGroupRuleDeleted & At): void => {
  const group = world.securityGroups.get(event.data.security_group_id)!;
  const rule = group.security_group_rules.find((r) => r.id === event.data.id)!;
  world.securityGroups.set(
    group.id,
    touched(
      { ...group, security_group_rules: group.security_group_rules.filter((r) => r.id !== rule.id) },
      event.metadata.decidedAt,
    ),
  );
  world.ruleGroup.delete(rule.id);
  countReferrer(world, rule, -1);
};
