import { describe, expect, it } from 'vitest';
import { compareRanges, rangeContains, rangesOverlap, rangeSize } from './ip-range.js';

describe('IpRange', () => {
  const r = { first: 10n, last: 20n };

  it('includes both ends', () => {
    expect(rangeContains(r, 10n)).toBe(true);
    expect(rangeContains(r, 20n)).toBe(true);
    expect(rangeContains(r, 9n)).toBe(false);
    expect(rangeContains(r, 21n)).toBe(false);
    expect(rangeSize(r)).toBe(11n);
    expect(rangeSize({ first: 5n, last: 5n })).toBe(1n);
  });

  it('overlaps when sharing even one address, not when merely adjacent', () => {
    expect(rangesOverlap(r, { first: 20n, last: 30n })).toBe(true);
    expect(rangesOverlap({ first: 0n, last: 10n }, r)).toBe(true);
    expect(rangesOverlap(r, { first: 12n, last: 13n })).toBe(true);
    expect(rangesOverlap(r, { first: 21n, last: 30n })).toBe(false);
    expect(rangesOverlap({ first: 0n, last: 9n }, r)).toBe(false);
  });

  it('sorts by first address, beyond the precision of numbers', () => {
    const big = { first: (1n << 127n) + 1n, last: (1n << 127n) + 1n };
    const bigger = { first: (1n << 127n) + 2n, last: (1n << 127n) + 2n };
    expect([bigger, r, big].sort(compareRanges)).toEqual([r, big, bigger]);
  });
});
