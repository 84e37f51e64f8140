import * as t from 'io-ts';
import { changesWithAdditions, StandardAttributes, Tags, withAdditions } from '../common/codecs.js';
import { PortStatus } from '../port-status/port-status.js';

export const FixedIp = t.type({ subnet_id: t.string, ip_address: t.string });
export type FixedIp = t.TypeOf<typeof FixedIp>;

/** An address (or a whole cidr) the port may also send from, with the MAC it uses for it (Neutron's allowed-address-pairs). */
export const AddressPair = t.type({ ip_address: t.string, mac_address: t.string });
export type AddressPair = t.TypeOf<typeof AddressPair>;

/** A DHCP option the port's DHCP server hands out beside the usual ones (Neutron's extra_dhcp_opt). */
export const DhcpOption = t.type({ opt_name: t.string, opt_value: t.string, ip_version: t.union([t.literal(4), t.literal(6)]) });
export type DhcpOption = t.TypeOf<typeof DhcpOption>;

const PortCore = t.type({
  id: t.string,
  network_id: t.string,
  project_id: t.string,
  name: t.string,
  description: t.string,
  admin_state_up: t.boolean,
  mac_address: t.string,
  fixed_ips: t.array(FixedIp),
  device_id: t.string,
  device_owner: t.string,
  security_groups: t.array(t.string),
  port_security_enabled: t.boolean,
  'binding:host_id': t.string,
  'binding:vnic_type': t.string,
  tags: Tags,
});

const PortAdditions = t.partial({ allowed_address_pairs: t.array(AddressPair), extra_dhcp_opts: t.array(DhcpOption) });

export const PortFields = withAdditions(PortCore, PortAdditions);
export type PortFields = t.TypeOf<typeof PortFields>;

/** `status` appears once the port's host has said something of it (absent: DOWN). */
export const Port = t.intersection([PortFields, StandardAttributes, t.partial({ status: PortStatus })]);
export type Port = t.TypeOf<typeof Port>;

export const PortChanges = changesWithAdditions(PortCore, ['id', 'network_id', 'project_id'], PortAdditions);
export type PortChanges = t.TypeOf<typeof PortChanges>;

export const addressPairsOf = (port: PortFields): readonly AddressPair[] => port.allowed_address_pairs ?? [];
export const dhcpOptionsOf = (port: PortFields): readonly DhcpOption[] => port.extra_dhcp_opts ?? [];

export const ROUTER_INTERFACE_OWNER = 'network:router_interface';
export const ROUTER_GATEWAY_OWNER = 'network:router_gateway';
export const FLOATING_IP_OWNER = 'network:floatingip';
export const isRouterOwned = (deviceOwner: string): boolean =>
  deviceOwner === ROUTER_INTERFACE_OWNER || deviceOwner === ROUTER_GATEWAY_OWNER;
/** Ports the router and floating IP APIs make and remove; the port API may not delete them. */
export const isServicePort = (deviceOwner: string): boolean => deviceOwner === ROUTER_GATEWAY_OWNER || deviceOwner === FLOATING_IP_OWNER;
