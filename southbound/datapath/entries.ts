import * as t from 'io-ts';
import type { Body } from '../../projections/goal-state/ops.js';

/**
 * What the Linux datapath reads of each goal-state entry, decoded (never cast): a body missing a
 * field it needs is skipped, not half-programmed. Fields it does not use are left alone.
 */

const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);
const FixedIp = t.type({ subnet_id: t.string, ip_address: t.string });
const AddressPair = t.intersection([t.type({ ip_address: t.string }), t.partial({ mac_address: nullable(t.string) })]);

export const NetworkEntry = t.type({ id: t.string, segmentation_id: nullable(t.number), mtu: t.number });
export type NetworkEntry = t.TypeOf<typeof NetworkEntry>;

export const PortEntry = t.intersection([
  t.type({
    id: t.string,
    network_id: t.string,
    mac_address: t.string,
    fixed_ips: t.array(FixedIp),
    security_groups: t.array(t.string),
    port_security_enabled: t.boolean,
    admin_state_up: t.boolean,
  }),
  // Absent (in older goal states) means none.
  t.partial({
    allowed_address_pairs: t.array(AddressPair),
    dhcp_options: t.array(t.type({ opt_name: t.string, opt_value: t.string, ip_version: t.number })),
  }),
]);
export type PortEntry = t.TypeOf<typeof PortEntry>;

export const NeighborEntry = t.type({ id: t.string, network_id: t.string, mac_address: t.string, fixed_ips: t.array(FixedIp), tunnel_ip: nullable(t.string) });
export type NeighborEntry = t.TypeOf<typeof NeighborEntry>;

const RouterInterface = t.type({ port_id: t.string, network_id: t.string, subnet_id: t.string, cidr: nullable(t.string), ip_address: t.string, mac_address: t.string });
export const RouterEntry = t.type({
  id: t.string,
  admin_state_up: t.boolean,
  interfaces: t.array(RouterInterface),
  routes: t.array(t.type({ destination: t.string, nexthop: t.string })),
  /** The host doing the router's SNAT: the other hosts send it what has no floating IP. */
  snat_host: nullable(t.type({ id: t.string, tunnel_ip: nullable(t.string) })),
});
export type RouterEntry = t.TypeOf<typeof RouterEntry>;

/** A floating IP mapped onto one of this host's ports: DNAT to its fixed IP, SNAT back, in its router. */
export const FloatingIpEntry = t.type({ id: t.string, floating_ip_address: t.string, fixed_ip_address: t.string, router_id: t.string });
export type FloatingIpEntry = t.TypeOf<typeof FloatingIpEntry>;

/** A router whose SNAT this host does: its gateway port's addresses, and the subnets masqueraded as them. */
export const GatewayEntry = t.type({ id: t.string, external_fixed_ips: t.array(FixedIp), enable_snat: t.boolean, internal_cidrs: t.array(t.string) });
export type GatewayEntry = t.TypeOf<typeof GatewayEntry>;

export const SubnetEntry = t.intersection([
  t.type({
    id: t.string,
    network_id: t.string,
    ip_version: t.number,
    cidr: t.string,
    gateway_ip: nullable(t.string),
    enable_dhcp: t.boolean,
    dns_nameservers: t.array(t.string),
    host_routes: t.array(t.type({ destination: t.string, nexthop: t.string })),
  }),
  // IPv6 subnets' modes (absent in older goal states: none).
  t.partial({ ipv6_address_mode: nullable(t.string), ipv6_ra_mode: nullable(t.string) }),
]);
export type SubnetEntry = t.TypeOf<typeof SubnetEntry>;

export const RuleEntry = t.intersection([t.type({
  id: t.string,
  direction: t.string,
  ethertype: t.string,
  protocol: nullable(t.union([t.string, t.number])),
  port_range_min: nullable(t.number),
  port_range_max: nullable(t.number),
  remote_ip_prefix: nullable(t.string),
  remote_group_id: nullable(t.string),
}), t.partial({ remote_address_group_id: t.string })]);
export type RuleEntry = t.TypeOf<typeof RuleEntry>;

export const SecurityGroupEntry = t.type({ id: t.string, stateful: t.boolean, rules: t.array(RuleEntry) });
export type SecurityGroupEntry = t.TypeOf<typeof SecurityGroupEntry>;

export const AddressGroupEntry = t.type({ id: t.string, addresses: t.array(t.string) });
export type AddressGroupEntry = t.TypeOf<typeof AddressGroupEntry>;

export const GroupMemberEntry = t.type({ id: t.string, security_group_id: t.string, port_id: t.string, ip_addresses: t.array(t.string) });
export type GroupMemberEntry = t.TypeOf<typeof GroupMemberEntry>;

/**
 * The body as the codec reads it, or undefined. These codecs transform nothing (plain types,
 * unions with null), so the codec's guard checks what decoding would without building a result:
 * a 10,000-neighbor diff reads 10,000 bodies.
 */
export const entryOf = <A>(codec: t.Type<A, unknown>, body: Body | undefined): A | undefined => (body !== undefined && codec.is(body) ? body : undefined);
