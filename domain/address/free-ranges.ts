import { compareRanges, rangeContains, rangeSize, type IpRange } from './ip-range.js';

/**
 * The free addresses of a subnet as sorted, disjoint, non-adjacent intervals,
 * so finding the next free address never scans the subnet: a /8 with a million
 * ports is still a handful of intervals. Plain data, so it serialises.
 */
export interface FreeRanges {
  ranges: IpRange[];
  count: bigint;
}

/** Sorts and merges overlapping or touching pools into free intervals. */
export const freeRangesFromPools = (pools: readonly IpRange[]): FreeRanges => {
  const ranges: IpRange[] = [];
  for (const pool of [...pools].sort(compareRanges)) {
    const previous = ranges[ranges.length - 1];
    if (previous !== undefined && pool.first <= previous.last + 1n) {
      if (pool.last > previous.last) ranges[ranges.length - 1] = { first: previous.first, last: pool.last };
    } else {
      ranges.push(pool);
    }
  }
  return { ranges, count: ranges.reduce((sum, r) => sum + rangeSize(r), 0n) };
};

/** Index of the last interval starting at or before `value`, or -1. */
const intervalAtOrBefore = (ranges: readonly IpRange[], value: bigint): number => {
  let low = 0;
  let high = ranges.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (ranges[middle].first <= value) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
};

export const isFree = (fr: FreeRanges, value: bigint): boolean => {
  const i = intervalAtOrBefore(fr.ranges, value);
  return i !== -1 && value <= fr.ranges[i].last;
};

/**
 * The lowest free address not in `skip`, the addresses already chosen within
 * the same decision. The walk steps over at most |skip| addresses.
 */
export const firstFree = (fr: FreeRanges, skip: ReadonlySet<bigint> = new Set()): bigint | undefined => {
  for (const r of fr.ranges) {
    for (let value = r.first; value <= r.last; value++) {
      if (!skip.has(value)) return value;
    }
  }
  return undefined;
};

// takeAddress and releaseAddress mutate in place on purpose: the ipam fold owns
// this accumulator, and copying it per event would make replay quadratic.
// Each change is a binary search plus one splice.

/** Marks a free address allocated; taking an address that is not free is a bug. */
export const takeAddress = (fr: FreeRanges, value: bigint): void => {
  const i = intervalAtOrBefore(fr.ranges, value);
  const r = fr.ranges[i];
  if (r === undefined || value > r.last) throw new Error(`address ${value} is not free`);
  const pieces = [
    { first: r.first, last: value - 1n },
    { first: value + 1n, last: r.last },
  ].filter((piece) => piece.first <= piece.last);
  fr.ranges.splice(i, 1, ...pieces);
  fr.count -= 1n;
};

/**
 * Frees an allocated address again, if it lies in one of the pools: a fixed IP
 * asked for outside the pools never becomes automatically allocatable.
 */
export const releaseAddress = (fr: FreeRanges, value: bigint, pools: readonly IpRange[]): void => {
  if (!pools.some((pool) => rangeContains(pool, value))) return;
  const i = intervalAtOrBefore(fr.ranges, value);
  const before = fr.ranges[i];
  const after = fr.ranges[i + 1];
  if (before !== undefined && value <= before.last) throw new Error(`address ${value} is already free`);
  const joinsBefore = before !== undefined && before.last + 1n === value;
  const joinsAfter = after !== undefined && after.first - 1n === value;
  if (joinsBefore && joinsAfter) {
    fr.ranges.splice(i, 2, { first: before.first, last: after.last });
  } else if (joinsBefore) {
    fr.ranges[i] = { first: before.first, last: value };
  } else if (joinsAfter) {
    fr.ranges[i + 1] = { first: value, last: after.last };
  } else {
    fr.ranges.splice(i + 1, 0, { first: value, last: value });
  }
  fr.count += 1n;
};
