import * as t from 'io-ts';
import { changesOf, nullable, StandardAttributes, Tags } from '../common/codecs.js';

/** A subnet pool: prefixes that subnets are carved from on request, and the bounds of what may be carved. */
export const SubnetPoolFields = t.type({
  id: t.string,
  project_id: t.string,
  name: t.string,
  description: t.string,
  ip_version: t.union([t.literal(4), t.literal(6)]),
  /** Canonical and merged, as Neutron stores them. */
  prefixes: t.array(t.string),
  default_prefixlen: t.number,
  min_prefixlen: t.number,
  max_prefixlen: t.number,
  /** Addresses one project may take from the pool (IPv4: addresses; IPv6: /64s); null for no limit. */
  default_quota: nullable(t.number),
  address_scope_id: nullable(t.string),
  is_default: t.boolean,
  shared: t.boolean,
  tags: Tags,
});
export type SubnetPoolFields = t.TypeOf<typeof SubnetPoolFields>;

export const SubnetPool = t.intersection([SubnetPoolFields, StandardAttributes]);
export type SubnetPool = t.TypeOf<typeof SubnetPool>;

export const SubnetPoolChanges = changesOf(SubnetPoolFields, ['id', 'project_id', 'ip_version']);
export type SubnetPoolChanges = t.TypeOf<typeof SubnetPoolChanges>;

/**
 * Address scopes and subnet pools share one stream, and subnets taken from a pool are decided in
 * its lane: a pool's prefixes, the scope's overlap rule and the next free prefix are then
 * decided against one another without a race.
 */
export const SUBNET_POOL_STREAM = 'subnet-pools';
