import { cidrRange, type Cidr } from './cidr.js';
import { ipBits, type IpVersion } from './ip.js';
import { compareRanges, type IpRange } from './ip-range.js';

/** The fewest aligned blocks that cover a range exactly, in address order. */
export const cidrsOfRange = (version: IpVersion, range: IpRange): Cidr[] => {
  const bits = ipBits(version);
  const blocks: Cidr[] = [];
  let first = range.first;
  while (first <= range.last) {
    let prefix = bits;
    // Grow the block while it stays aligned on `first` and inside the range.
    while (prefix > 0) {
      const size = 1n << BigInt(bits - prefix + 1);
      if (first % size !== 0n || first + size - 1n > range.last) break;
      prefix--;
    }
    blocks.push({ version, network: first, prefix });
    first += 1n << BigInt(bits - prefix);
  }
  return blocks;
};

/** Sorted, disjoint, with touching ranges joined. */
const joined = (ranges: readonly IpRange[]): IpRange[] => {
  const out: IpRange[] = [];
  for (const range of [...ranges].sort(compareRanges)) {
    const last = out[out.length - 1];
    if (last && range.first <= last.last + 1n) out[out.length - 1] = { first: last.first, last: range.last > last.last ? range.last : last.last };
    else out.push(range);
  }
  return out;
};

/** The union of blocks as the fewest blocks (netaddr's cidr_merge): how Neutron stores a pool's prefixes. */
export const mergeCidrs = (version: IpVersion, cidrs: readonly Cidr[]): Cidr[] =>
  joined(cidrs.map(cidrRange)).flatMap((range) => cidrsOfRange(version, range));

/** What of `ranges` is left once `taken` is removed. */
const subtract = (ranges: readonly IpRange[], taken: readonly IpRange[]): IpRange[] => {
  const out: IpRange[] = [];
  const holes = joined(taken);
  for (const range of joined(ranges)) {
    let first = range.first;
    for (const hole of holes) {
      if (hole.last < first || hole.first > range.last) continue;
      if (hole.first > first) out.push({ first, last: hole.first - 1n });
      first = hole.last + 1n;
      if (first > range.last) break;
    }
    if (first <= range.last) out.push({ first, last: range.last });
  }
  return out;
};

/**
 * The next free block of `prefix` bits in a pool: the first block of that length in the smallest
 * free block that can hold it (ties in address order), as Neutron's subnet allocator chooses.
 */
export const nextFreePrefix = (version: IpVersion, prefixes: readonly Cidr[], allocated: readonly Cidr[], prefix: number): Cidr | undefined => {
  const free = subtract(prefixes.map(cidrRange), allocated.map(cidrRange)).flatMap((range) => cidrsOfRange(version, range));
  const fitting = free.filter((block) => block.prefix <= prefix).sort((a, b) => b.prefix - a.prefix || (a.network < b.network ? -1 : 1));
  const block = fitting[0];
  return block && { version, network: block.network, prefix };
};

/** Whether `cidr` lies wholly in the pool's free space. */
export const isFreeIn = (prefixes: readonly Cidr[], allocated: readonly Cidr[], cidr: Cidr): boolean => {
  const range = cidrRange(cidr);
  return subtract(prefixes.map(cidrRange), allocated.map(cidrRange)).some((free) => free.first <= range.first && range.last <= free.last);
};
