import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { formatCidr, parseCidr, parseCidrClearingHostBits, type Cidr } from './cidr.js';
import { cidrsOfRange, isFreeIn, mergeCidrs, nextFreePrefix } from './prefix-space.js';

const cidr = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if (E.isLeft(parsed)) throw new Error(parsed.left);
  return parsed.right;
};
const texts = (cidrs: readonly Cidr[]) => cidrs.map(formatCidr);

describe('prefix space of a subnet pool', () => {
  it('covers a range with the fewest aligned blocks', () => {
    expect(texts(cidrsOfRange(4, { first: cidr('10.0.0.1/32').network, last: cidr('10.0.0.6/32').network }))).toEqual([
      '10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32',
    ]);
    expect(texts(cidrsOfRange(4, { first: 0n, last: 2n ** 32n - 1n }))).toEqual(['0.0.0.0/0']);
  });

  it('merges prefixes as Neutron stores them', () => {
    expect(texts(mergeCidrs(4, [cidr('10.9.0.0/24'), cidr('10.9.0.0/16')]))).toEqual(['10.9.0.0/16']);
    expect(texts(mergeCidrs(4, [cidr('10.0.1.0/24'), cidr('10.0.0.0/24'), cidr('10.2.0.0/16')]))).toEqual(['10.0.0.0/23', '10.2.0.0/16']);
  });

  it('takes the first block of the smallest free space that fits (what Neutron allocated)', () => {
    const pool = [cidr('10.210.0.0/16')];
    const first = nextFreePrefix(4, pool, [], 24)!;
    expect(formatCidr(first)).toBe('10.210.0.0/24');
    const second = nextFreePrefix(4, pool, [first], 26)!;
    expect(formatCidr(second)).toBe('10.210.1.0/26');
    expect(formatCidr(nextFreePrefix(4, pool, [first, second], 24)!)).toBe('10.210.2.0/24');
    const small = [cidr('10.220.0.0/28')];
    expect(formatCidr(nextFreePrefix(4, [cidr('10.220.0.0/16')], small, 25)!)).toBe('10.220.0.128/25');
  });

  it('finds nothing when no free block is large enough', () => {
    const pool = [cidr('10.0.0.0/24')];
    expect(nextFreePrefix(4, pool, [cidr('10.0.0.0/25')], 24)).toBeUndefined();
    expect(nextFreePrefix(4, pool, [cidr('10.0.0.0/25'), cidr('10.0.0.128/25')], 30)).toBeUndefined();
  });

  it('says whether a chosen block is free in the pool', () => {
    const pool = [cidr('10.220.0.0/16')];
    expect(isFreeIn(pool, [cidr('10.220.0.0/28')], cidr('10.220.0.16/28'))).toBe(true);
    expect(isFreeIn(pool, [cidr('10.220.0.0/28')], cidr('10.220.0.0/24'))).toBe(false);
    expect(isFreeIn(pool, [], cidr('10.221.0.0/24'))).toBe(false);
  });

  it('reads prefixes with host bits as their block, but not a bare address', () => {
    expect(E.map(formatCidr)(parseCidrClearingHostBits('10.0.1.7/24'))).toEqual(E.right('10.0.1.0/24'));
    expect(E.map(formatCidr)(parseCidrClearingHostBits('2001:db8::1/64'))).toEqual(E.right('2001:db8::/64'));
    expect(E.isLeft(parseCidrClearingHostBits('10.0.0.5'))).toBe(true);
    expect(E.isLeft(parseCidrClearingHostBits('10.0.0.0/33'))).toBe(true);
  });
});
