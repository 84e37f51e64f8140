import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DigestMemory } from './stream-digest.js';

const nativeOf = (lines: readonly string[]) => {
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line);
  return hash.digest('hex');
};

const take = (digest: DigestMemory, line: string) => {
  const bytes = Buffer.from(line);
  digest.take(bytes, 0, bytes.length);
};

describe('DigestMemory', () => {
  it('is sha256 over the lines, at every length around a block boundary', () => {
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 70_000]) {
      const digest = new DigestMemory().load();
      take(digest, 'é'.repeat(n));
      expect(digest.hex()).toBe(nativeOf(['é'.repeat(n)]));
    }
  });

  it('goes on from a saved state as if it had never stopped, in memory of its own or at an offset of shared memory', () => {
    const shared = new SharedArrayBuffer(3 * 112);
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 200 }), { maxLength: 30 }), fc.nat(), (lines, cut) => {
        const at = lines.length === 0 ? 0 : cut % (lines.length + 1);
        const first = new DigestMemory().load();
        for (const line of lines.slice(0, at)) take(first, line);
        expect(first.hex()).toBe(nativeOf(lines.slice(0, at)));
        const resumed = new DigestMemory(shared, 112 * (cut % 3)).load(structuredClone(first.state()));
        for (const line of lines.slice(at)) take(resumed, line);
        expect(resumed.hex()).toBe(nativeOf(lines));
      }),
    );
  });
});
