import * as t from 'io-ts';
import { changesOf, nullable, StandardAttributes, Tags } from '../common/codecs.js';

export const AllocationPool = t.type({ start: t.string, end: t.string });
export type AllocationPool = t.TypeOf<typeof AllocationPool>;

export const HostRoute = t.type({ destination: t.string, nexthop: t.string });
export type HostRoute = t.TypeOf<typeof HostRoute>;

export const SubnetFields = t.type({
  id: t.string,
  network_id: t.string,
  project_id: t.string,
  name: t.string,
  description: t.string,
  ip_version: t.union([t.literal(4), t.literal(6)]),
  cidr: t.string,
  gateway_ip: nullable(t.string),
  allocation_pools: t.array(AllocationPool),
  dns_nameservers: t.array(t.string),
  host_routes: t.array(HostRoute),
  enable_dhcp: t.boolean,
  ipv6_ra_mode: nullable(t.string),
  ipv6_address_mode: nullable(t.string),
  tags: Tags,
});
export type SubnetFields = t.TypeOf<typeof SubnetFields>;

/** As folded: with the pool its block was taken from (absent from events before pools existed). */
export const Subnet = t.intersection([SubnetFields, StandardAttributes, t.type({ subnetpool_id: nullable(t.string) })]);
export type Subnet = t.TypeOf<typeof Subnet>;

export const SubnetChanges = changesOf(SubnetFields, ['id', 'network_id', 'project_id', 'ip_version', 'cidr', 'ipv6_ra_mode', 'ipv6_address_mode']);
export type SubnetChanges = t.TypeOf<typeof SubnetChanges>;
