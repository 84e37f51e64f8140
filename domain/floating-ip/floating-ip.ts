import * as t from 'io-ts';
import { nullable, StandardAttributes, Tags } from '../common/codecs.js';
import { streamOfNetwork } from '../network/network.js';

/**
 * A floating IP: an address of an external network (held by a port there, device_owner
 * network:floatingip), optionally mapped onto one fixed IP of a port behind a router whose gateway
 * is on that network. It lives in its external network's stream, where its address is decided.
 */
export const FloatingIpFields = t.type({
  id: t.string,
  project_id: t.string,
  floating_network_id: t.string,
  floating_ip_address: t.string,
  /** The external network's port that holds the address. */
  floating_port_id: t.string,
  port_id: nullable(t.string),
  fixed_ip_address: nullable(t.string),
  router_id: nullable(t.string),
  description: t.string,
  tags: Tags,
});
export type FloatingIpFields = t.TypeOf<typeof FloatingIpFields>;

export const FloatingIp = t.intersection([FloatingIpFields, StandardAttributes]);
export type FloatingIp = t.TypeOf<typeof FloatingIp>;

/** What an update may change: the association (port, fixed ip and the router it goes through), the description, tags. */
export const FloatingIpChanges = t.partial({
  port_id: FloatingIpFields.props.port_id,
  fixed_ip_address: FloatingIpFields.props.fixed_ip_address,
  router_id: FloatingIpFields.props.router_id,
  description: t.string,
  tags: Tags,
});
export type FloatingIpChanges = t.TypeOf<typeof FloatingIpChanges>;

export const streamOfFloatingIp = (floatingIp: Pick<FloatingIpFields, 'floating_network_id'>): string => streamOfNetwork(floatingIp.floating_network_id);

/** Where a floating IP is mapped: all three set, or all three null. */
export type Mapping = Pick<FloatingIpFields, 'port_id' | 'fixed_ip_address' | 'router_id'>;

/** No association: what a released floating IP, or one whose port went away, holds. */
export const UNASSOCIATED: Mapping = { port_id: null, fixed_ip_address: null, router_id: null };
