import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamDigest } from './stream-digest.js';

const nativeOf = (lines: readonly string[]) => {
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line);
  return hash.digest('hex');
};

describe('StreamDigest', () => {
  it('is sha256 over the lines, at every length around a block boundary', () => {
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 70_000]) {
      const digest = new StreamDigest();
      digest.update('é'.repeat(n));
      expect(digest.hex()).toBe(nativeOf(['é'.repeat(n)]));
    }
  });

  it('goes on from a saved state as if it had never stopped', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 200 }), { maxLength: 30 }), fc.nat(), (lines, cut) => {
        const at = lines.length === 0 ? 0 : cut % (lines.length + 1);
        const first = new StreamDigest();
        for (const line of lines.slice(0, at)) first.update(line);
        expect(first.hex()).toBe(nativeOf(lines.slice(0, at)));
        const resumed = new StreamDigest(structuredClone(first.state()));
        for (const line of lines.slice(at)) resumed.update(line);
        expect(resumed.hex()).toBe(nativeOf(lines));
      }),
    );
  });
});
