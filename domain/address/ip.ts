import ipaddr from 'ipaddr.js';
import * as E from 'fp-ts/lib/Either.js';

export type IpVersion = 4 | 6;

/** An address as a number: arithmetic (next, contains, ranges) is then plain bigint math. */
export interface Ip {
  readonly version: IpVersion;
  readonly value: bigint;
}

export const ipBits = (version: IpVersion): number => (version === 4 ? 32 : 128);

const maxIpValue = (version: IpVersion): bigint => (1n << BigInt(ipBits(version))) - 1n;

/** Builds an address from a value the caller computed; out of range is a bug, not bad input. */
export const ipFromValue = (version: IpVersion, value: bigint): Ip => {
  if (value < 0n || value > maxIpValue(version)) {
    throw new RangeError(`${value} is not an IPv${version} address value`);
  }
  return { version, value };
};

const invalid = (text: string, reason: string): E.Either<string, never> =>
  E.left(`'${text}' is not a valid IP address: ${reason}`);

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Strict dotted quad only. inet_aton would also read '10.1' or '0x0a.0.0.1', and
 * '010' as octal; accepting those would let two spellings name different hosts.
 */
const parseIpv4Value = (text: string): E.Either<string, bigint> => {
  const match = DOTTED_QUAD.exec(text);
  if (match === null) {
    return E.left('expected four decimal numbers separated by dots, like 192.0.2.1');
  }
  let value = 0n;
  for (const octet of match.slice(1)) {
    if (octet.length > 1 && octet.startsWith('0')) {
      return E.left(`'${octet}' has a leading zero, which some systems read as octal`);
    }
    if (Number(octet) > 255) return E.left(`'${octet}' is greater than 255`);
    value = (value << 8n) | BigInt(octet);
  }
  return E.right(value);
};

const IPV6_CHARS = /^[0-9a-fA-F:]+$/;

const parseIpv6Value = (text: string): E.Either<string, bigint> => {
  if (text.includes('%')) {
    return E.left(`zone indexes ('${text.slice(text.indexOf('%'))}') are not accepted`);
  }
  // ipaddr.js reads an embedded IPv4 tail loosely ('::1.2.3.4' even becomes
  // '::ffff:1.2.3.4'), so the tail is checked strictly here and turned into hex.
  let hex = text;
  if (text.includes('.')) {
    const tailStart = text.lastIndexOf(':') + 1;
    const tail = parseIpv4Value(text.slice(tailStart));
    if (E.isLeft(tail)) return tail;
    const v = tail.right;
    hex = `${text.slice(0, tailStart)}${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`;
  }
  if (!IPV6_CHARS.test(hex)) {
    return E.left('expected hexadecimal groups separated by colons, like 2001:db8::1');
  }
  try {
    const parts = ipaddr.IPv6.parse(hex).parts;
    return E.right(parts.reduce((acc, part) => (acc << 16n) | BigInt(part), 0n));
  } catch {
    return E.left('expected eight hexadecimal groups of at most four digits, or fewer with one ::');
  }
};

/** Parses one address; an IPv4-mapped IPv6 address ('::ffff:192.0.2.1') stays IPv6. */
export const parseIp = (text: string): E.Either<string, Ip> => {
  if (text === '') return invalid(text, 'it is empty');
  if (text.trim() !== text) return invalid(text, 'it has surrounding spaces');
  const version: IpVersion = text.includes(':') ? 6 : 4;
  const value = version === 4 ? parseIpv4Value(text) : parseIpv6Value(text);
  return E.isLeft(value) ? invalid(text, value.left) : E.right({ version, value: value.right });
};

const formatIpv4Value = (value: bigint): string =>
  [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 0xffn).toString()).join('.');

/** Canonical text: dotted IPv4; RFC 5952 IPv6, with the mixed notation it recommends for IPv4-mapped. */
export const formatIp = (ip: Ip): string => {
  if (ip.version === 4) return formatIpv4Value(ip.value);
  if (ip.value >> 32n === 0xffffn) {
    return `::ffff:${formatIpv4Value(ip.value & 0xffffffffn)}`;
  }
  const parts = Array.from({ length: 8 }, (_, i) => Number((ip.value >> BigInt(112 - 16 * i)) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
};
