import * as t from 'io-ts';
import { changesOf, nullable, StandardAttributes, Tags } from '../common/codecs.js';

/** A network (the VPC): one L2 domain, the consistency boundary of its subnets, IPs and MACs. */
export const NetworkFields = t.type({
  id: t.string,
  project_id: t.string,
  name: t.string,
  description: t.string,
  admin_state_up: t.boolean,
  shared: t.boolean,
  'router:external': t.boolean,
  mtu: t.number,
  /** Optional VPC cidr that every subnet must lie inside (our extension). */
  cidr: nullable(t.string),
  /** VXLAN network identifier, unique across all networks. */
  segmentation_id: t.number,
  tags: Tags,
});
export type NetworkFields = t.TypeOf<typeof NetworkFields>;

export const Network = t.intersection([NetworkFields, StandardAttributes]);
export type Network = t.TypeOf<typeof Network>;

/** What a network update may change. */
export const NetworkChanges = changesOf(NetworkFields, ['id', 'project_id', 'cidr', 'segmentation_id']);
export type NetworkChanges = t.TypeOf<typeof NetworkChanges>;

export const DEFAULT_MTU = 1450;
export const streamOfNetwork = (networkId: string): string => `network-${networkId}`;
