import * as E from 'fp-ts/lib/Either.js';
import { cidrContainsIp, formatCidr, type Cidr } from '../address/cidr.js';
import { formatIp, ipFromValue, parseIp } from '../address/ip.js';
import { rangesOverlap, type IpRange } from '../address/ip-range.js';
import { parseCidr } from '../address/cidr.js';
import { isReservedAddress } from '../address/subnet-defaults.js';
import { domainError, type DomainError } from '../common/errors.js';
import type { AllocationPool, HostRoute } from './subnet.js';

type Checked<T> = E.Either<DomainError, T>;

const invalid = (message: string) => E.left(domainError('InvalidInput', `Invalid input for operation: ${message}`));

/** Modes in which hosts make their own addresses (EUI-64), which needs a /64. */
const AUTO_MODES = new Set(['slaac', 'dhcpv6-stateless']);

/**
 * Neutron's rules on prefix lengths and IPv6 modes: no mode on an IPv4 subnet, both modes alike
 * when both are given, a /64 for an automatic mode, and no DHCP on a block without room for a server and a client.
 */
export const checkAddressModes = (
  cidr: Cidr,
  subnet: { ipv6_ra_mode: string | null; ipv6_address_mode: string | null; enable_dhcp: boolean },
): Checked<void> => {
  const { ipv6_ra_mode: ra, ipv6_address_mode: address } = subnet;
  if (cidr.version === 4) {
    if (ra !== null) return invalid('ipv6_ra_mode is not valid when ip_version is 4.');
    if (address !== null) return invalid('ipv6_address_mode is not valid when ip_version is 4.');
  }
  if (ra !== null && address !== null && ra !== address)
    return invalid(`ipv6_ra_mode set to '${ra}' with ipv6_address_mode set to '${address}' is not valid. If both attributes are set, they must be the same value.`);
  if (cidr.version === 6 && AUTO_MODES.has(address ?? ra ?? '') && cidr.prefix !== 64)
    return invalid(`Invalid CIDR ${formatCidr(cidr)} for IPv6 address mode. OpenStack uses the EUI-64 address format, which requires the prefix to be /64.`);
  if (subnet.enable_dhcp && cidr.prefix >= (cidr.version === 4 ? 31 : 127))
    return invalid('Subnet has a prefix length that is incompatible with DHCP service enabled.');
  return E.right(undefined);
};

/** The gateway must be an address of the subnet that can be assigned (not network nor broadcast). */
export const checkGateway = (cidr: Cidr, gateway: string): Checked<bigint> => {
  const ip = parseIp(gateway);
  if (E.isLeft(ip)) return invalid(`'${gateway}' is not a valid IP address.`);
  if (!cidrContainsIp(cidr, ip.right) || isReservedAddress(cidr, ip.right.value))
    return E.left(domainError('InvalidInput', `Invalid input for operation: Gateway is not valid on subnet.`));
  return E.right(ip.right.value);
};

/** Pools lie inside the subnet, are well ordered, do not overlap each other nor hold the gateway. */
export const checkPools = (cidr: Cidr, pools: readonly AllocationPool[], gateway: bigint | null): Checked<IpRange[]> => {
  const ranges: IpRange[] = [];
  for (const pool of pools) {
    const start = parseIp(pool.start);
    const end = parseIp(pool.end);
    if (E.isLeft(start) || E.isLeft(end)) return invalid(`'${pool.start}'-'${pool.end}' is not a valid allocation pool.`);
    // The network and broadcast addresses can only be a pool's edges: refusing them there keeps them out of every pool.
    const outside = (ip: typeof start.right) => !cidrContainsIp(cidr, ip) || isReservedAddress(cidr, ip.value);
    if (outside(start.right) || outside(end.right))
      return E.left(
        domainError('OutOfBoundsAllocationPool', `The allocation pool ${pool.start}-${pool.end} spans beyond the subnet cidr ${formatCidr(cidr)}.`),
      );
    if (start.right.value > end.right.value)
      return E.left(domainError('InvalidAllocationPool', `The allocation pool {'start': '${pool.start}', 'end': '${pool.end}'} is not valid.`));
    const range = { first: start.right.value, last: end.right.value };
    const clash = ranges.find((other) => rangesOverlap(other, range));
    if (clash)
      return E.left(
        domainError(
          'OverlappingAllocationPools',
          `Found overlapping allocation pools: ${formatIp(ipFromValue(cidr.version, clash.first))}-${formatIp(ipFromValue(cidr.version, clash.last))} ${pool.start}-${pool.end} for subnet ${formatCidr(cidr)}.`,
        ),
      );
    if (gateway !== null && range.first <= gateway && gateway <= range.last)
      return E.left(
        domainError('GatewayConflictWithAllocationPools', `Gateway ip ${formatIp(ipFromValue(cidr.version, gateway))} conflicts with allocation pool ${pool.start}-${pool.end}.`),
      );
    ranges.push(range);
  }
  return E.right(ranges.sort((a, b) => (a.first < b.first ? -1 : 1)));
};

export const checkNameservers = (servers: readonly string[]): Checked<void> => {
  const seen = new Set<string>();
  for (const server of servers) {
    const ip = parseIp(server);
    if (E.isLeft(ip)) return invalid(`'${server}' is not a valid nameserver. '${server}' is not a valid IP address.`);
    const canonical = formatIp(ip.right);
    if (seen.has(canonical)) return invalid(`Duplicate nameserver '${server}'.`);
    seen.add(canonical);
  }
  return E.right(undefined);
};

export const checkHostRoutes = (routes: readonly HostRoute[], version: 4 | 6): Checked<void> => {
  for (const route of routes) {
    const destination = parseCidr(route.destination);
    const nexthop = parseIp(route.nexthop);
    if (E.isLeft(destination)) return invalid(`Invalid data format for hostroute: destination ${destination.left}.`);
    if (E.isLeft(nexthop)) return invalid(`Invalid data format for hostroute: nexthop ${nexthop.left}.`);
    if (destination.right.version !== version || nexthop.right.version !== version)
      return invalid(`Host route ${route.destination} via ${route.nexthop} is not of IP version ${version}.`);
  }
  return E.right(undefined);
};
