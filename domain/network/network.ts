import * as t from 'io-ts';
import { changesWithAdditions, nullable, StandardAttributes, Tags, withAdditions } from '../common/codecs.js';

/** A network (the VPC): one L2 domain, the consistency boundary of its subnets, IPs and MACs. */
export const NetworkCore = t.type({
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

/** port_security_enabled: the default of the network's new ports (true when absent); is_default: the cloud's default external network. */
export const NetworkAdditions = t.partial({ port_security_enabled: t.boolean, is_default: t.boolean });

export const NetworkFields = withAdditions(NetworkCore, NetworkAdditions);
export type NetworkFields = t.TypeOf<typeof NetworkFields>;

export const Network = t.intersection([NetworkFields, StandardAttributes]);
export type Network = t.TypeOf<typeof Network>;

/** What a network update may change. */
export const NetworkChanges = changesWithAdditions(NetworkCore, ['id', 'project_id', 'cidr', 'segmentation_id'], NetworkAdditions);
export type NetworkChanges = t.TypeOf<typeof NetworkChanges>;

export const portSecurityOf = (network: NetworkFields): boolean => network.port_security_enabled ?? true;
export const isDefaultOf = (network: NetworkFields): boolean => network.is_default ?? false;

export const DEFAULT_MTU = 1450;
export const streamOfNetwork = (networkId: string): string => `network-${networkId}`;
