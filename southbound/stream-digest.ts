/** What a stream's digest has taken in so far: SHA-256's chaining words, the bytes of the unfinished block, and the length. */
export interface DigestState {
  readonly words: Int32Array;
  /** Bytes past the last whole 64-byte block (fewer than 64). */
  readonly tail: Uint8Array;
  /** Bytes taken in, in all. */
  readonly length: number;
}

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const schedule = new Int32Array(64);

/** One block of SHA-256 (FIPS 180-4) into the chaining words. */
const compress = (h: Int32Array, bytes: Uint8Array, at: number): void => {
  const w = schedule;
  for (let t = 0; t < 16; t++, at += 4) w[t] = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15];
    const y = w[t - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
  }
  let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
  for (let t = 0; t < 64; t++) {
    const t1 = (k + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
    const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0] + a) | 0;
  h[1] = (h[1] + b) | 0;
  h[2] = (h[2] + c) | 0;
  h[3] = (h[3] + d) | 0;
  h[4] = (h[4] + e) | 0;
  h[5] = (h[5] + f) | 0;
  h[6] = (h[6] + g) | 0;
  h[7] = (h[7] + k) | 0;
};

/** Bytes one digest's state takes in memory: 8 chaining words, a block's bytes, then how many of them are filled and the length, as doubles. */
export const DIGEST_BYTES = 112;

/**
 * sha256 over a host's lines in order, as node:crypto's would be, but with its state in memory
 * given to it (at `offset`, DIGEST_BYTES long), so that it can be saved and taken up again: a node
 * that starts from a checkpoint goes on with the digest it had, which OpenSSL's hash cannot hand
 * out. The memory may be shared: the stream digests' thread updates it, the server reads it. About
 * four times the cost of the native update per byte.
 */
export class DigestMemory {
  private readonly words: Int32Array;
  private readonly tail: Uint8Array;
  /** [bytes of `tail` filled (fewer than 64), bytes taken in in all] */
  private readonly counts: Float64Array;

  constructor(memory: ArrayBufferLike = new ArrayBuffer(DIGEST_BYTES), offset = 0) {
    this.words = new Int32Array(memory, offset, 8);
    this.tail = new Uint8Array(memory, offset + 32, 64);
    this.counts = new Float64Array(memory, offset + 96, 2);
  }

  /** Starts over from `state`, or from nothing. */
  load(state?: DigestState): this {
    this.words.set(state?.words ?? INITIAL);
    this.tail.set(state?.tail ?? []);
    this.counts[0] = state?.tail.length ?? 0;
    this.counts[1] = state?.length ?? 0;
    return this;
  }

  /** Takes in `count` bytes from `at`. */
  take(bytes: Uint8Array, at: number, count: number): void {
    const end = at + count;
    let filled = this.counts[0];
    this.counts[1] += count;
    if (filled > 0) {
      while (filled < 64 && at < end) this.tail[filled++] = bytes[at++];
      if (filled < 64) {
        this.counts[0] = filled;
        return;
      }
      compress(this.words, this.tail, 0);
      filled = 0;
    }
    for (; at + 64 <= end; at += 64) compress(this.words, bytes, at);
    while (at < end) this.tail[filled++] = bytes[at++];
    this.counts[0] = filled;
  }

  /** The digest of everything so far, as hex; the state goes on unchanged. */
  hex(): string {
    const filled = this.counts[0];
    const length = this.counts[1];
    const copy = new DigestMemory().load(this.state());
    const padding = new Uint8Array((filled < 56 ? 56 : 120) - filled + 8);
    padding[0] = 0x80;
    const bits = new DataView(padding.buffer);
    bits.setUint32(padding.length - 8, Math.floor(length / 2 ** 29));
    bits.setUint32(padding.length - 4, (length * 8) >>> 0);
    copy.take(padding, 0, padding.length);
    return Array.from(copy.words, (word) => (word >>> 0).toString(16).padStart(8, '0')).join('');
  }

  state(): DigestState {
    return { words: Int32Array.from(this.words), tail: this.tail.slice(0, this.counts[0]), length: this.counts[1] };
  }
}
