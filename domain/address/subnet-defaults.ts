import { firstIp, lastIp, type Cidr } from './cidr.js';
import type { IpRange } from './ip-range.js';

/**
 * Point-to-point blocks (IPv4 /31, RFC 3021; IPv6 /127, RFC 6164) have no
 * network, broadcast or subnet-router anycast address: every address is a host.
 */
const isPointToPoint = (c: Cidr): boolean => c.prefix >= (c.version === 4 ? 31 : 127);

/** Network (and, for IPv4, broadcast) addresses are never handed out automatically. */
export const isReservedAddress = (c: Cidr, value: bigint): boolean =>
  !isPointToPoint(c) && (value === firstIp(c) || (c.version === 4 && value === lastIp(c)));

/** The addresses a host may use: the block minus its reserved addresses. */
const usableRange = (c: Cidr): IpRange => {
  if (isPointToPoint(c)) return { first: firstIp(c), last: lastIp(c) };
  return { first: firstIp(c) + 1n, last: c.version === 4 ? lastIp(c) - 1n : lastIp(c) };
};

/**
 * Neutron's default gateway is the first usable address; a single-address
 * block has room for no gateway.
 */
export const defaultGatewayIp = (c: Cidr): bigint | null => {
  if (firstIp(c) === lastIp(c)) return null;
  return usableRange(c).first;
};

/**
 * Neutron's default allocation pools: the usable addresses minus the gateway,
 * split in two when the gateway sits inside. Sorted, no empty ranges.
 */
export const defaultAllocationPools = (c: Cidr, gateway: bigint | null): IpRange[] => {
  const { first, last } = usableRange(c);
  const pools =
    gateway === null || gateway < first || gateway > last
      ? [{ first, last }]
      : [
          { first, last: gateway - 1n },
          { first: gateway + 1n, last },
        ];
  return pools.filter((r) => r.first <= r.last);
};
