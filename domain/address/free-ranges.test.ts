import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  firstFree,
  freeRangesFromPools,
  isFree,
  releaseAddress,
  takeAddress,
  type FreeRanges,
} from './free-ranges.js';
import type { IpRange } from './ip-range.js';

const range = (first: number, last: number): IpRange => ({ first: BigInt(first), last: BigInt(last) });

describe('FreeRanges', () => {
  it('merges overlapping and touching pools, in any order', () => {
    expect(freeRangesFromPools([range(20, 30), range(1, 5), range(6, 8), range(25, 40), range(50, 50)])).toEqual({
      ranges: [range(1, 8), range(20, 40), range(50, 50)],
      count: 30n,
    });
    expect(freeRangesFromPools([])).toEqual({ ranges: [], count: 0n });
  });

  it('takes at the start, the end and the middle of an interval', () => {
    const fr = freeRangesFromPools([range(10, 20)]);
    takeAddress(fr, 10n);
    takeAddress(fr, 20n);
    takeAddress(fr, 15n);
    expect(fr).toEqual({ ranges: [range(11, 14), range(16, 19)], count: 8n });
    expect(() => takeAddress(fr, 15n)).toThrow('not free');
    expect(() => takeAddress(fr, 9n)).toThrow('not free');
  });

  it('releases into the gaps and merges with neighbours', () => {
    const pools = [range(10, 20)];
    const fr: FreeRanges = { ranges: [range(11, 14), range(16, 19)], count: 8n };
    releaseAddress(fr, 15n, pools);
    releaseAddress(fr, 10n, pools);
    releaseAddress(fr, 20n, pools);
    expect(fr).toEqual({ ranges: [range(10, 20)], count: 11n });
    expect(() => releaseAddress(fr, 12n, pools)).toThrow('already free');
  });

  it('does not return addresses outside the pools to the free set', () => {
    const pools = [range(10, 20)];
    const fr = freeRangesFromPools(pools);
    releaseAddress(fr, 5n, pools);
    expect(fr).toEqual(freeRangesFromPools(pools));
  });

  it('finds the next free address of a /8 with a million ports without scanning it', () => {
    const first = 0x0a000002n;
    const fr = freeRangesFromPools([{ first, last: 0x0afffffen }]);
    for (let value = first; value < first + 1_000_000n; value++) takeAddress(fr, value);
    expect(fr.ranges).toHaveLength(1);
    expect(firstFree(fr)).toBe(first + 1_000_000n);
    expect(isFree(fr, first + 999_999n)).toBe(false);
  });

  it('skips the addresses already chosen in the same decision', () => {
    const fr = freeRangesFromPools([range(1, 2), range(5, 6)]);
    expect(firstFree(fr, new Set([1n, 2n, 5n]))).toBe(6n);
    expect(firstFree(fr, new Set([1n, 2n, 5n, 6n]))).toBeUndefined();
    expect(firstFree(freeRangesFromPools([]))).toBeUndefined();
  });
});

type Step =
  | { kind: 'take'; value: bigint }
  | { kind: 'release'; value: bigint }
  | { kind: 'isFree'; value: bigint }
  | { kind: 'firstFree'; skip: bigint[] };

const address = fc.bigInt({ min: 0n, max: 40n });
const pool = fc.tuple(address, fc.bigInt({ min: 0n, max: 8n })).map(([first, length]) => ({ first, last: first + length }));
const step: fc.Arbitrary<Step> = fc.oneof(
  address.map((value) => ({ kind: 'take' as const, value })),
  address.map((value) => ({ kind: 'release' as const, value })),
  address.map((value) => ({ kind: 'isFree' as const, value })),
  fc.array(address, { maxLength: 6 }).map((skip) => ({ kind: 'firstFree' as const, skip })),
);

/** The free set the intervals must describe, written out address by address. */
const expand = (fr: FreeRanges): bigint[] =>
  fr.ranges.flatMap((r) => Array.from({ length: Number(r.last - r.first + 1n) }, (_, i) => r.first + BigInt(i)));

const inPools = (pools: IpRange[], value: bigint) => pools.some((p) => p.first <= value && value <= p.last);

describe('FreeRanges against a set of free addresses', () => {
  it('answers as the set does, and stays sorted, disjoint and merged', () => {
    fc.assert(
      fc.property(fc.array(pool, { maxLength: 4 }), fc.array(step, { maxLength: 60 }), (pools, steps) => {
        const fr = freeRangesFromPools(pools);
        const model = new Set(expand(fr));
        for (const s of steps) {
          if (s.kind === 'take') {
            if (model.has(s.value)) {
              takeAddress(fr, s.value);
              model.delete(s.value);
            } else {
              expect(() => takeAddress(fr, s.value)).toThrow();
            }
          } else if (s.kind === 'release') {
            if (!inPools(pools, s.value)) {
              releaseAddress(fr, s.value, pools);
            } else if (model.has(s.value)) {
              expect(() => releaseAddress(fr, s.value, pools)).toThrow();
            } else {
              releaseAddress(fr, s.value, pools);
              model.add(s.value);
            }
          } else if (s.kind === 'isFree') {
            expect(isFree(fr, s.value)).toBe(model.has(s.value));
          } else {
            const skip = new Set(s.skip);
            const expected = [...model].filter((v) => !skip.has(v)).sort((a, b) => (a < b ? -1 : 1))[0];
            expect(firstFree(fr, skip)).toBe(expected);
          }
          expect(expand(fr)).toEqual([...model].sort((a, b) => (a < b ? -1 : 1)));
          expect(fr.count).toBe(BigInt(model.size));
          fr.ranges.forEach((r, i) => {
            expect(r.first).toBeLessThanOrEqual(r.last);
            if (i > 0) expect(fr.ranges[i - 1].last + 1n).toBeLessThan(r.first);
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});
