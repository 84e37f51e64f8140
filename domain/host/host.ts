import * as t from 'io-ts';
import { changesWithAdditions, StandardAttributes, withAdditions } from '../common/codecs.js';

/** A compute node whose agent programs the ports bound to it. */
const HostCore = t.type({
  id: t.string,
  name: t.string,
  description: t.string,
  /** Underlay address that other hosts tunnel to. */
  tunnel_ip: t.string,
  mac: t.string,
});

/**
 * gateway: the host may do routers' SNAT (as an OVN gateway chassis); availability_zone: the zone
 * it is in, what Neutron's availability zones list. Absent in early events: not a gateway, zone "nova".
 */
const HostAdditions = t.partial({ gateway: t.boolean, availability_zone: t.string });

export const HostFields = withAdditions(HostCore, HostAdditions);
export type HostFields = t.TypeOf<typeof HostFields>;

export const Host = t.intersection([HostFields, StandardAttributes]);
export type Host = t.TypeOf<typeof Host>;

export const HostChanges = changesWithAdditions(HostCore, ['id'], HostAdditions);
export type HostChanges = t.TypeOf<typeof HostChanges>;

export const DEFAULT_AVAILABILITY_ZONE = 'nova';
export const isGatewayHost = (host: HostFields): boolean => host.gateway ?? false;
export const zoneOf = (host: HostFields): string => host.availability_zone ?? DEFAULT_AVAILABILITY_ZONE;

export const streamOfHost = (hostId: string): string => `host-${hostId}`;
