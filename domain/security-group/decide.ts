import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { appendTo, checking, decided, decidedIfMatch, writing, type Decider, type Decision, type DecisionStreams } from '../common/decision.js';
import { everyNetwork } from '../network/network.js';
import { domainError } from '../common/errors.js';
import { addressGroupNotFound } from '../address-group/decide.js';
import { quotaAllows } from '../quota/limits.js';
import type { DomainEvent } from '../events.js';
import type { World } from '../world.js';
import type {
  CreateSecurityGroup,
  CreateSecurityGroupRule,
  DeleteSecurityGroup,
  DeleteSecurityGroupRule,
  EnsureDefaultSecurityGroup,
  UpdateSecurityGroup,
} from './commands.js';
import { defaultGroupRules, egressRules } from './default-rules.js';
import { sameRule, validRule } from './rule-validation.js';
import { DEFAULT_GROUP_NAME, streamOfProjectGroups } from './security-group.js';

const notFound = (id: string) => domainError('SecurityGroupNotFound', `Security group ${id} does not exist`);

const needIds = (ids: readonly string[], count: number): void => {
  if (ids.length < count) throw new Error(`a new group needs ${count} rule ids, got ${ids.length}`);
};

export const decideCreateSecurityGroup = (command: CreateSecurityGroup, world: World): Decision => {
  const { group } = command;
  if (world.securityGroups.has(group.id)) return E.left(domainError('Conflict', `Security group ${group.id} already exists.`));
  if (group.name === DEFAULT_GROUP_NAME && world.defaultSecurityGroups.has(group.project_id))
    return E.left(domainError('SecurityGroupDefaultAlreadyExists', 'Default security group already exists.'));
  needIds(command.rule_ids, 2);
  const quota = quotaAllows(world, group.project_id, 'security_group');
  if (E.isLeft(quota)) return quota;
  return decided(
    appendTo(world, streamOfProjectGroups(group.project_id), [
      {
        type: 'SecurityGroupCreated',
        version: 1,
        data: { group, rules: egressRules(command.rule_ids, { security_group_id: group.id, project_id: group.project_id }) },
      },
    ]),
  );
};

export const decideEnsureDefaultSecurityGroup = (command: EnsureDefaultSecurityGroup, world: World): Decision => {
  if (world.defaultSecurityGroups.has(command.project_id)) return decided();
  if (world.securityGroups.has(command.group_id)) return E.left(domainError('Conflict', `Security group ${command.group_id} already exists.`));
  needIds(command.rule_ids, 4);
  const base = { security_group_id: command.group_id, project_id: command.project_id };
  return decided(
    appendTo(world, streamOfProjectGroups(command.project_id), [
      {
        type: 'SecurityGroupCreated',
        version: 1,
        data: {
          group: {
            id: command.group_id,
            project_id: command.project_id,
            name: DEFAULT_GROUP_NAME,
            description: 'Default security group',
            stateful: true,
            tags: [],
          },
          rules: defaultGroupRules(command.rule_ids, base),
        },
      },
    ]),
  );
};

export const decideUpdateSecurityGroup = (command: UpdateSecurityGroup, world: World): Decision => {
  const group = world.securityGroups.get(command.id);
  if (!group) return E.left(notFound(command.id));
  const isDefault = world.defaultSecurityGroups.get(group.project_id) === group.id;
  if (isDefault && command.changes.name !== undefined && command.changes.name !== DEFAULT_GROUP_NAME)
    return E.left(domainError('SecurityGroupCannotUpdateDefault', 'Updating default security group not allowed.'));
  return decidedIfMatch(
    group,
    command.if_revision,
    appendTo(world, streamOfProjectGroups(group.project_id), [
      { type: 'SecurityGroupUpdated', version: 1, data: { id: group.id, changes: command.changes } },
    ]),
  );
};

/**
 * A group used only as a remote group goes, and the rules of other groups that name it go with it,
 * as in Neutron: their deletions, by the stream of each rule's project.
 */
const remoteRuleDeletions = (world: World, groupId: string): Map<string, DomainEvent[]> => {
  const byStream = new Map<string, DomainEvent[]>();
  for (const referrerId of world.groupReferrers.get(groupId)?.keys() ?? []) {
    if (referrerId === groupId) continue;
    const referrer = world.securityGroups.get(referrerId)!;
    const stream = streamOfProjectGroups(referrer.project_id);
    for (const rule of referrer.security_group_rules)
      if (rule.remote_group_id === groupId)
        byStream.set(stream, [...(byStream.get(stream) ?? []), { type: 'SecurityGroupRuleDeleted', version: 1, data: { id: rule.id, security_group_id: referrer.id } }]);
  }
  return byStream;
};

export const decideDeleteSecurityGroup = (command: DeleteSecurityGroup, world: World): Decision => {
  const group = world.securityGroups.get(command.id);
  if (!group) return E.left(notFound(command.id));
  if (world.defaultSecurityGroups.get(group.project_id) === group.id && !command.by_admin)
    return E.left(domainError('SecurityGroupCannotRemoveDefault', 'Insufficient rights for removing default security group.'));
  if ((world.groupPorts.get(group.id)?.size ?? 0) > 0)
    return E.left(domainError('SecurityGroupInUse', `Security Group ${group.id} in use.`));
  const byStream = remoteRuleDeletions(world, group.id);
  const own = streamOfProjectGroups(group.project_id);
  byStream.set(own, [...(byStream.get(own) ?? []), { type: 'SecurityGroupDeleted', version: 1, data: { id: group.id } }]);
  return decidedIfMatch(
    group,
    command.if_revision,
    ...[...byStream].map(([stream, events]) => appendTo(world, stream, events)),
    // A port names a group in its network's stream, only reading the group's: see decideRemoveHost.
    ...checking(world, everyNetwork(world)),
  );
};

export const decideCreateSecurityGroupRule = (command: CreateSecurityGroupRule, world: World): Decision => {
  const group = world.securityGroups.get(command.rule.security_group_id);
  if (!group) return E.left(notFound(command.rule.security_group_id));
  if (world.ruleGroup.has(command.rule.id)) return E.left(domainError('Conflict', `Security group rule ${command.rule.id} already exists.`));
  const remote = command.rule.remote_group_id;
  if (remote !== null && !world.securityGroups.has(remote)) return E.left(notFound(remote));
  const remoteAddressGroup = command.rule.remote_address_group_id ?? null;
  if (remoteAddressGroup !== null && !world.addressGroups.has(remoteAddressGroup)) return E.left(addressGroupNotFound(remoteAddressGroup));
  return pipe(
    quotaAllows(world, group.project_id, 'security_group_rule'),
    E.chain(() => validRule({ ...command.rule, project_id: group.project_id })),
    E.chain((rule) => {
      const existing = group.security_group_rules.find((other) => sameRule(other, rule));
      return existing
        ? E.left(domainError('SecurityGroupRuleExists', `Security group rule already exists. Rule id is ${existing.id}.`))
        : decided(appendTo(world, streamOfProjectGroups(group.project_id), [{ type: 'SecurityGroupRuleCreated', version: 1, data: { rule } }]));
    }),
  );
};

export const decideDeleteSecurityGroupRule = (command: DeleteSecurityGroupRule, world: World): Decision => {
  const groupId = world.ruleGroup.get(command.id);
  if (groupId === undefined) return E.left(domainError('SecurityGroupRuleNotFound', `Security group rule ${command.id} does not exist`));
  const group = world.securityGroups.get(groupId)!;
  return decided(
    appendTo(world, streamOfProjectGroups(group.project_id), [
      { type: 'SecurityGroupRuleDeleted', version: 1, data: { id: command.id, security_group_id: groupId } },
    ]),
  );
};

/** The stream of the project whose groups a command changes (none when the group is unknown: refused). */
const ofGroup = (world: World, id: string | undefined): DecisionStreams => {
  const group = id === undefined ? undefined : world.securityGroups.get(id);
  return writing(...(group ? [streamOfProjectGroups(group.project_id)] : []));
};

export const createSecurityGroup: Decider<CreateSecurityGroup> = {
  streams: (command) => writing(streamOfProjectGroups(command.group.project_id)),
  decide: decideCreateSecurityGroup,
};
export const ensureDefaultSecurityGroup: Decider<EnsureDefaultSecurityGroup> = {
  streams: (command) => writing(streamOfProjectGroups(command.project_id)),
  decide: decideEnsureDefaultSecurityGroup,
};
export const updateSecurityGroup: Decider<UpdateSecurityGroup> = { streams: (command, world) => ofGroup(world, command.id), decide: decideUpdateSecurityGroup };
export const deleteSecurityGroup: Decider<DeleteSecurityGroup> = {
  streams: (command, world) => {
    const own = ofGroup(world, command.id).writes;
    return { writes: [...new Set([...own, ...remoteRuleDeletions(world, command.id).keys()])], reads: everyNetwork(world) };
  },
  decide: decideDeleteSecurityGroup,
};
export const createSecurityGroupRule: Decider<CreateSecurityGroupRule> = {
  streams: (command, world) => ofGroup(world, command.rule.security_group_id),
  decide: decideCreateSecurityGroupRule,
};
export const deleteSecurityGroupRule: Decider<DeleteSecurityGroupRule> = {
  streams: (command, world) => ofGroup(world, world.ruleGroup.get(command.id)),
  decide: decideDeleteSecurityGroupRule,
};
