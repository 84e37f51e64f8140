import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';
import { SecurityGroupChanges, SecurityGroupFields, SecurityGroupRuleFields } from './security-group.js';

export const SecurityGroupCreated = eventCodec(
  'SecurityGroupCreated',
  1,
  t.type({ group: SecurityGroupFields, rules: t.array(SecurityGroupRuleFields) }),
);
export const SecurityGroupUpdated = eventCodec('SecurityGroupUpdated', 1, t.type({ id: t.string, changes: SecurityGroupChanges }));
export const SecurityGroupDeleted = eventCodec('SecurityGroupDeleted', 1, t.type({ id: t.string }));
export const SecurityGroupRuleCreated = eventCodec('SecurityGroupRuleCreated', 1, t.type({ rule: SecurityGroupRuleFields }));
export const SecurityGroupRuleDeleted = eventCodec(
  'SecurityGroupRuleDeleted',
  1,
  t.type({ id: t.string, security_group_id: t.string }),
);
export type SecurityGroupCreated = t.TypeOf<typeof SecurityGroupCreated>;
export type SecurityGroupUpdated = t.TypeOf<typeof SecurityGroupUpdated>;
export type SecurityGroupDeleted = t.TypeOf<typeof SecurityGroupDeleted>;
export type SecurityGroupRuleCreated = t.TypeOf<typeof SecurityGroupRuleCreated>;
export type SecurityGroupRuleDeleted = t.TypeOf<typeof SecurityGroupRuleDeleted>;
