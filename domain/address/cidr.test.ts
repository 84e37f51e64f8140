import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import {
  cidrContainsCidr,
  cidrContainsIp,
  cidrRange,
  cidrSize,
  cidrsOverlap,
  firstIp,
  formatCidr,
  lastIp,
  parseCidr,
  type Cidr,
} from './cidr.js';
import { parseIp, type Ip } from './ip.js';

const orThrow = <A>(result: E.Either<string, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left);
  return result.right;
};
const cidr = (text: string): Cidr => orThrow(parseCidr(text));
const ip = (text: string): Ip => orThrow(parseIp(text));

describe('parseCidr', () => {
  it('reads IPv4 and IPv6 blocks', () => {
    expect(parseCidr('10.0.0.0/24')).toEqual(E.right({ version: 4, network: 0x0a000000n, prefix: 24 }));
    expect(parseCidr('0.0.0.0/0')).toEqual(E.right({ version: 4, network: 0n, prefix: 0 }));
    expect(parseCidr('10.0.0.7/32')).toEqual(E.right({ version: 4, network: 0x0a000007n, prefix: 32 }));
    expect(parseCidr('::/0')).toEqual(E.right({ version: 6, network: 0n, prefix: 0 }));
    expect(parseCidr('FE80::/64')).toEqual(E.right({ version: 6, network: 0xfe80n << 112n, prefix: 64 }));
    expect(parseCidr('2001:db8::1/128')).toEqual(E.right({ version: 6, network: (0x20010db8n << 96n) | 1n, prefix: 128 }));
  });

  it("refuses host bits with Neutron's message and the block meant", () => {
    expect(parseCidr('10.0.0.1/24')).toEqual(
      E.left("'10.0.0.1/24' isn't a recognized IP subnet cidr, '10.0.0.0/24' is recommended"),
    );
    expect(parseCidr('2001:db8::1/64')).toEqual(
      E.left("'2001:db8::1/64' isn't a recognized IP subnet cidr, '2001:db8::/64' is recommended"),
    );
  });

  it('refuses a missing prefix, recommending the single-address block', () => {
    expect(parseCidr('10.0.0.5')).toEqual(
      E.left("'10.0.0.5' isn't a recognized IP subnet cidr, '10.0.0.5/32' is recommended"),
    );
  });

  it.each([
    ['10.0.0.0/33', 'from 0 to 32 for IPv4'],
    ['::/129', 'from 0 to 128 for IPv6'],
    ['10.0.0.0/', 'from 0 to 32'],
    ['10.0.0.0/024', 'from 0 to 32'],
    ['10.0.0.0/-1', 'from 0 to 32'],
    ['10.0.0.0/24/8', 'from 0 to 32'],
    ['10.0.0.256/24', "'10.0.0.256' is not a valid IP address"],
    ['1.2.3/24', "'1.2.3' is not a valid IP address"],
    ['abc', "'abc' is not a valid IP address"],
    ['', 'is empty'],
    ['fe80::%eth0/64', 'zone indexes'],
  ])('rejects %j', (text, reason) => {
    expect(parseCidr(text)).toEqual(E.left(expect.stringContaining(reason)));
    expect(parseCidr(text)).toEqual(E.left(expect.stringContaining(`'${text}' is not a valid IP subnet`)));
  });

  it('formats back to the canonical text', () => {
    expect(formatCidr(cidr('2001:DB8:0::/48'))).toBe('2001:db8::/48');
    expect(formatCidr(cidr('192.168.0.0/16'))).toBe('192.168.0.0/16');
  });
});

describe('block arithmetic', () => {
  it('knows its ends and size, from /0 to a single address', () => {
    const v4 = cidr('10.0.0.0/24');
    expect([firstIp(v4), lastIp(v4), cidrSize(v4)]).toEqual([0x0a000000n, 0x0a0000ffn, 256n]);
    expect(cidrSize(cidr('0.0.0.0/0'))).toBe(1n << 32n);
    expect(cidrSize(cidr('::/0'))).toBe(1n << 128n);
    expect(lastIp(cidr('::/0'))).toBe((1n << 128n) - 1n);
    expect(cidrRange(cidr('10.0.0.2/31'))).toEqual({ first: 0x0a000002n, last: 0x0a000003n });
    expect(cidrRange(cidr('10.0.0.9/32'))).toEqual({ first: 0x0a000009n, last: 0x0a000009n });
    expect(cidrSize(cidr('2001:db8::/127'))).toBe(2n);
  });

  it('contains addresses of its own family only', () => {
    const v4 = cidr('10.0.0.0/24');
    expect(cidrContainsIp(v4, ip('10.0.0.0'))).toBe(true);
    expect(cidrContainsIp(v4, ip('10.0.0.255'))).toBe(true);
    expect(cidrContainsIp(v4, ip('10.0.1.0'))).toBe(false);
    expect(cidrContainsIp(v4, ip('9.255.255.255'))).toBe(false);
    expect(cidrContainsIp(cidr('::/0'), ip('10.0.0.1'))).toBe(false);
    expect(cidrContainsIp(cidr('::/96'), ip('::10.0.0.1'))).toBe(true);
  });

  it('nests and overlaps blocks', () => {
    expect(cidrContainsCidr(cidr('10.0.0.0/8'), cidr('10.1.0.0/16'))).toBe(true);
    expect(cidrContainsCidr(cidr('10.1.0.0/16'), cidr('10.0.0.0/8'))).toBe(false);
    expect(cidrContainsCidr(cidr('10.0.0.0/24'), cidr('10.0.0.0/24'))).toBe(true);
    expect(cidrsOverlap(cidr('10.0.0.0/8'), cidr('10.1.0.0/16'))).toBe(true);
    expect(cidrsOverlap(cidr('10.1.0.0/16'), cidr('10.0.0.0/8'))).toBe(true);
    expect(cidrsOverlap(cidr('10.0.0.0/25'), cidr('10.0.0.128/25'))).toBe(false);
    expect(cidrsOverlap(cidr('0.0.0.0/0'), cidr('10.0.0.0/32'))).toBe(true);
    expect(cidrsOverlap(cidr('0.0.0.0/0'), cidr('::/0'))).toBe(false);
    expect(cidrsOverlap(cidr('::/96'), cidr('0.0.0.0/0'))).toBe(false);
  });
});
