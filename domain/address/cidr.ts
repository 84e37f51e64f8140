import * as E from 'fp-ts/lib/Either.js';
import { formatIp, ipBits, ipFromValue, parseIp, type Ip, type IpVersion } from './ip.js';
import type { IpRange } from './ip-range.js';

/** A subnet's address block; `network` never has host bits set. */
export interface Cidr {
  readonly version: IpVersion;
  readonly network: bigint;
  readonly prefix: number;
}

const hostMask = (version: IpVersion, prefix: number): bigint => (1n << BigInt(ipBits(version) - prefix)) - 1n;

/** The block of the given length that holds `ip` (host bits cleared). */
export const cidrOf = (ip: Ip, prefix: number): Cidr => ({
  version: ip.version,
  network: ip.value & ~hostMask(ip.version, prefix),
  prefix,
});

export const formatCidr = (c: Cidr): string => `${formatIp(ipFromValue(c.version, c.network))}/${c.prefix}`;

const PREFIX_LENGTH = /^(0|[1-9]\d{0,2})$/;

/**
 * Parses 'address/prefix'. A set host bit or a missing prefix is refused with
 * Neutron's own wording, which also names the block the user probably meant.
 */
export const parseCidr = (text: string): E.Either<string, Cidr> => {
  const slash = text.indexOf('/');
  const address = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (E.isLeft(address)) return E.left(`'${text}' is not a valid IP subnet: ${address.left}`);
  const ip = address.right;
  const bits = ipBits(ip.version);
  if (slash === -1) {
    return E.left(`'${text}' isn't a recognized IP subnet cidr, '${formatCidr(cidrOf(ip, bits))}' is recommended`);
  }
  const prefixText = text.slice(slash + 1);
  if (!PREFIX_LENGTH.test(prefixText) || Number(prefixText) > bits) {
    return E.left(`'${text}' is not a valid IP subnet: the prefix length must be a number from 0 to ${bits} for IPv${ip.version}`);
  }
  const cidr = cidrOf(ip, Number(prefixText));
  if (cidr.network !== ip.value) {
    return E.left(`'${text}' isn't a recognized IP subnet cidr, '${formatCidr(cidr)}' is recommended`);
  }
  return E.right(cidr);
};

/**
 * Parses 'address/prefix' where the address may have host bits set: the block it lies in, as
 * Neutron reads a subnet's cidr ("10.9.0.5/24" is 10.9.0.0/24). Anything else malformed is
 * refused as parseCidr refuses it.
 */
export const parseCidrBlock = (text: string): E.Either<string, Cidr> => {
  const slash = text.indexOf('/');
  const address = parseIp(text.slice(0, slash));
  const prefix = text.slice(slash + 1);
  if (slash === -1 || E.isLeft(address) || !PREFIX_LENGTH.test(prefix) || Number(prefix) > ipBits(address.right.version)) return parseCidr(text);
  return E.right(cidrOf(address.right, Number(prefix)));
};

export const firstIp = (c: Cidr): bigint => c.network;

export const lastIp = (c: Cidr): bigint => c.network | hostMask(c.version, c.prefix);

export const cidrSize = (c: Cidr): bigint => hostMask(c.version, c.prefix) + 1n;

export const cidrRange = (c: Cidr): IpRange => ({ first: firstIp(c), last: lastIp(c) });

export const cidrContainsIp = (c: Cidr, ip: Ip): boolean =>
  c.version === ip.version && c.network <= ip.value && ip.value <= lastIp(c);

export const cidrContainsCidr = (outer: Cidr, inner: Cidr): boolean =>
  outer.version === inner.version &&
  outer.prefix <= inner.prefix &&
  outer.network <= inner.network &&
  inner.network <= lastIp(outer);

/** Two aligned blocks overlap only if one holds the other. */
export const cidrsOverlap = (a: Cidr, b: Cidr): boolean => cidrContainsCidr(a, b) || cidrContainsCidr(b, a);

/**
 * Parses 'address/prefix' as Neutron reads subnet pool prefixes and address group addresses: host
 * bits are cleared ('10.0.1.7/24' -> 10.0.1.0/24), a missing prefix is still refused.
 */
export const parseCidrClearingHostBits = (text: string): E.Either<string, Cidr> => {
  const slash = text.indexOf('/');
  const address = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (E.isLeft(address) || slash === -1) return parseCidr(text);
  const prefixText = text.slice(slash + 1);
  if (!PREFIX_LENGTH.test(prefixText) || Number(prefixText) > ipBits(address.right.version)) return parseCidr(text);
  return E.right(cidrOf(address.right, Number(prefixText)));
};
