/** A run of consecutive addresses, both ends included (as Neutron's allocation pools). */
export interface IpRange {
  readonly first: bigint;
  readonly last: bigint;
}

export const rangesOverlap = (a: IpRange, b: IpRange): boolean => a.first <= b.last && b.first <= a.last;

export const rangeContains = (r: IpRange, value: bigint): boolean => r.first <= value && value <= r.last;

export const rangeSize = (r: IpRange): bigint => r.last - r.first + 1n;

/** Orders by start, for Array.prototype.sort (bigint differences do not fit a number). */
export const compareRanges = (a: IpRange, b: IpRange): number =>
  a.first < b.first ? -1 : a.first > b.first ? 1 : 0;
