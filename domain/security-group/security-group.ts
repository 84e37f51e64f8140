import { formatCidr } from '../address/cidr.js';
import { trustedCidrBlock } from '../common/trusted.js';
import * as t from 'io-ts';
import { changesOf, nullable, StandardAttributes, Tags } from '../common/codecs.js';

export const SecurityGroupRuleFields = t.intersection([
  t.type({
    id: t.string,
    security_group_id: t.string,
    project_id: t.string,
    direction: t.union([t.literal('ingress'), t.literal('egress')]),
    ethertype: t.union([t.literal('IPv4'), t.literal('IPv6')]),
    /** Protocol as given: a name (tcp, udp, icmp, ...) or a number as a string; null for any. */
    protocol: nullable(t.string),
    port_range_min: nullable(t.number),
    port_range_max: nullable(t.number),
    remote_ip_prefix: nullable(t.string),
    remote_group_id: nullable(t.string),
    description: t.string,
  }),
  /** Absent in rules recorded before address groups existed. */
  t.partial({ remote_address_group_id: nullable(t.string) }),
]);
export type SecurityGroupRuleFields = t.TypeOf<typeof SecurityGroupRuleFields>;

export const SecurityGroupRule = t.intersection([SecurityGroupRuleFields, StandardAttributes]);
export type SecurityGroupRule = t.TypeOf<typeof SecurityGroupRule>;

export const SecurityGroupFields = t.type({
  id: t.string,
  project_id: t.string,
  name: t.string,
  description: t.string,
  stateful: t.boolean,
  tags: Tags,
});
export type SecurityGroupFields = t.TypeOf<typeof SecurityGroupFields>;

export const SecurityGroup = t.intersection([
  SecurityGroupFields,
  StandardAttributes,
  t.type({ security_group_rules: t.array(SecurityGroupRule) }),
]);
export type SecurityGroup = t.TypeOf<typeof SecurityGroup>;

export const SecurityGroupChanges = changesOf(SecurityGroupFields, ['id', 'project_id']);
export type SecurityGroupChanges = t.TypeOf<typeof SecurityGroupChanges>;

export const DEFAULT_GROUP_NAME = 'default';
/** A project's groups share one stream, so its single default group is decided without a race. */
export const streamOfProjectGroups = (projectId: string): string => `security-groups-${projectId}`;

/** The block a rule's remote prefix names (its host bits cleared), which traffic is matched against. */
export const normalizedCidr = (prefix: string | null): string | null => (prefix === null ? null : formatCidr(trustedCidrBlock(prefix)));
