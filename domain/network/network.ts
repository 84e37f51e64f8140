import * as t from 'io-ts';
import { changesWithAdditions, nullable, StandardAttributes, Tags, withAdditions } from '../common/codecs.js';
import { SEGMENTATION_STREAM } from '../segmentation/events.js';
import type { World } from '../world.js';

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

/** The underlay's 1500 less VXLAN's 50: a network's default and its largest MTU. */
export const DEFAULT_MTU = 1450;
export const MIN_MTU = 68;
export const streamOfNetwork = (networkId: string): string => `network-${networkId}`;

/**
 * Every stream a port can be written in: each network's, and the segmentation ids' stream, where
 * every network is born. A decision that nothing anywhere refers to a resource (a host, a group)
 * reads them all, so a port that starts referring to it meanwhile, in any network, even a new one, voids it.
 */
export const everyNetwork = (world: World): string[] => [SEGMENTATION_STREAM, ...[...world.networks.keys()].map(streamOfNetwork)];

/** The streams of the networks named, once each; an unknown one (undefined) has none: its command is refused. */
export const streamsOfNetworks = (networkIds: Iterable<string | undefined>): string[] =>
  [...new Set(networkIds)].filter((id): id is string => id !== undefined).map(streamOfNetwork);
