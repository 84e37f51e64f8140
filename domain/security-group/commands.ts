import * as t from 'io-ts';
import { byIdCommand, nullable, Tags } from '../common/codecs.js';
import { SecurityGroupChanges } from './security-group.js';

/** Ids for the rules a new group starts with (two for a group, four for a default group). */
const RuleIds = t.array(t.string);

export const CreateSecurityGroup = t.type({
  type: t.literal('CreateSecurityGroup'),
  group: t.type({ id: t.string, project_id: t.string, name: t.string, description: t.string, stateful: t.boolean, tags: Tags }),
  rule_ids: RuleIds,
});
/** Creates the project's default group unless it exists already: safe to send twice. */
export const EnsureDefaultSecurityGroup = t.type({
  type: t.literal('EnsureDefaultSecurityGroup'),
  project_id: t.string,
  group_id: t.string,
  rule_ids: RuleIds,
});
export const UpdateSecurityGroup = byIdCommand('UpdateSecurityGroup', { changes: SecurityGroupChanges });
export const DeleteSecurityGroup = byIdCommand('DeleteSecurityGroup', { by_admin: t.boolean });
export const CreateSecurityGroupRule = t.type({
  type: t.literal('CreateSecurityGroupRule'),
  rule: t.intersection([
    t.type({
      id: t.string,
      security_group_id: t.string,
      project_id: t.string,
      direction: t.union([t.literal('ingress'), t.literal('egress')]),
      ethertype: t.union([t.literal('IPv4'), t.literal('IPv6')]),
      protocol: nullable(t.union([t.string, t.number])),
      port_range_min: nullable(t.number),
      port_range_max: nullable(t.number),
      remote_ip_prefix: nullable(t.string),
      remote_group_id: nullable(t.string),
      description: t.string,
    }),
    t.partial({ remote_address_group_id: nullable(t.string) }),
  ]),
});
export const DeleteSecurityGroupRule = t.type({ type: t.literal('DeleteSecurityGroupRule'), id: t.string });
export type CreateSecurityGroup = t.TypeOf<typeof CreateSecurityGroup>;
export type EnsureDefaultSecurityGroup = t.TypeOf<typeof EnsureDefaultSecurityGroup>;
export type UpdateSecurityGroup = t.TypeOf<typeof UpdateSecurityGroup>;
export type DeleteSecurityGroup = t.TypeOf<typeof DeleteSecurityGroup>;
export type CreateSecurityGroupRule = t.TypeOf<typeof CreateSecurityGroupRule>;
export type DeleteSecurityGroupRule = t.TypeOf<typeof DeleteSecurityGroupRule>;
