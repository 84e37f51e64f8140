import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { parseCidr, type Cidr } from './cidr.js';
import { parseIp } from './ip.js';
import type { IpRange } from './ip-range.js';
import { defaultAllocationPools, defaultGatewayIp, isReservedAddress } from './subnet-defaults.js';

const orThrow = <A>(result: E.Either<string, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left);
  return result.right;
};
const cidr = (text: string): Cidr => orThrow(parseCidr(text));
const at = (text: string): bigint => orThrow(parseIp(text)).value;
const range = (first: string, last: string): IpRange => ({ first: at(first), last: at(last) });

/** Neutron's defaults for a block: the gateway and the pools around it. */
const defaults = (text: string) => {
  const c = cidr(text);
  const gateway = defaultGatewayIp(c);
  return { gateway, pools: defaultAllocationPools(c, gateway) };
};

describe('IPv4 defaults', () => {
  it('a /24 keeps network, gateway and broadcast out of the pool', () => {
    expect(defaults('10.0.0.0/24')).toEqual({ gateway: at('10.0.0.1'), pools: [range('10.0.0.2', '10.0.0.254')] });
  });

  it('a /30 leaves one address after the gateway', () => {
    expect(defaults('10.0.0.0/30')).toEqual({ gateway: at('10.0.0.1'), pools: [range('10.0.0.2', '10.0.0.2')] });
  });

  it('a /31 has no network or broadcast: the gateway is its first address, the pool its second', () => {
    expect(defaults('10.0.0.4/31')).toEqual({ gateway: at('10.0.0.4'), pools: [range('10.0.0.5', '10.0.0.5')] });
    expect(defaultAllocationPools(cidr('10.0.0.4/31'), null)).toEqual([range('10.0.0.4', '10.0.0.5')]);
  });

  it('a /32 has no gateway and its one address is the pool', () => {
    expect(defaults('10.0.0.9/32')).toEqual({ gateway: null, pools: [range('10.0.0.9', '10.0.0.9')] });
  });

  it('a /0 reserves only 0.0.0.0 and 255.255.255.255', () => {
    expect(defaults('0.0.0.0/0')).toEqual({ gateway: 1n, pools: [range('0.0.0.2', '255.255.255.254')] });
  });

  it('splits the pool around a gateway in the middle, trims it at either end', () => {
    const c = cidr('10.0.0.0/24');
    expect(defaultAllocationPools(c, at('10.0.0.100'))).toEqual([
      range('10.0.0.1', '10.0.0.99'),
      range('10.0.0.101', '10.0.0.254'),
    ]);
    expect(defaultAllocationPools(c, at('10.0.0.254'))).toEqual([range('10.0.0.1', '10.0.0.253')]);
    expect(defaultAllocationPools(c, at('10.0.0.1'))).toEqual([range('10.0.0.2', '10.0.0.254')]);
    expect(defaultAllocationPools(c, null)).toEqual([range('10.0.0.1', '10.0.0.254')]);
  });

  it('ignores a gateway outside the usable addresses', () => {
    const whole = [range('10.0.0.1', '10.0.0.254')];
    expect(defaultAllocationPools(cidr('10.0.0.0/24'), at('192.168.0.1'))).toEqual(whole);
    expect(defaultAllocationPools(cidr('10.0.0.0/24'), at('10.0.0.255'))).toEqual(whole);
  });

  it('reserves network and broadcast, except in /31 and /32', () => {
    const c = cidr('10.0.0.0/24');
    expect(isReservedAddress(c, at('10.0.0.0'))).toBe(true);
    expect(isReservedAddress(c, at('10.0.0.255'))).toBe(true);
    expect(isReservedAddress(c, at('10.0.0.1'))).toBe(false);
    expect(isReservedAddress(cidr('10.0.0.4/31'), at('10.0.0.4'))).toBe(false);
    expect(isReservedAddress(cidr('10.0.0.4/31'), at('10.0.0.5'))).toBe(false);
    expect(isReservedAddress(cidr('10.0.0.9/32'), at('10.0.0.9'))).toBe(false);
  });
});

describe('IPv6 defaults', () => {
  it('a /64 keeps only the subnet-router anycast address and the gateway out', () => {
    expect(defaults('2001:db8::/64')).toEqual({
      gateway: at('2001:db8::1'),
      pools: [range('2001:db8::2', '2001:db8::ffff:ffff:ffff:ffff')],
    });
  });

  it('has no broadcast: the last address is usable', () => {
    expect(defaultAllocationPools(cidr('fe80::/64'), at('fe80::ffff:ffff:ffff:ffff'))).toEqual([
      range('fe80::1', 'fe80::ffff:ffff:ffff:fffe'),
    ]);
    expect(isReservedAddress(cidr('fe80::/64'), at('fe80::ffff:ffff:ffff:ffff'))).toBe(false);
    expect(isReservedAddress(cidr('fe80::/64'), at('fe80::'))).toBe(true);
  });

  it('a /127 uses both addresses: gateway first, pool second', () => {
    expect(defaults('2001:db8::/127')).toEqual({ gateway: at('2001:db8::'), pools: [range('2001:db8::1', '2001:db8::1')] });
    expect(isReservedAddress(cidr('2001:db8::/127'), at('2001:db8::'))).toBe(false);
  });

  it('a /128 has no gateway and its one address is the pool', () => {
    expect(defaults('2001:db8::5/128')).toEqual({ gateway: null, pools: [range('2001:db8::5', '2001:db8::5')] });
  });

  it('a /0 spans everything but ::', () => {
    expect(defaults('::/0')).toEqual({ gateway: 1n, pools: [{ first: 2n, last: (1n << 128n) - 1n }] });
  });
});
