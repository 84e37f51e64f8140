/** A resource's `kind:id` as two 32-bit halves of a 64-bit hash: the key of its postings on disk. */
export type KeyHash = readonly [number, number];

const mix = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/**
 * Two independent 32-bit hashes (FNV-1a and a multiply-xorshift one, each finished by murmur's
 * mix). Not cryptographic: a collision only costs reading back an event that the reader then drops.
 */
export const keyHash = (key: string): KeyHash => {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  return [mix(a), mix(b)];
};
