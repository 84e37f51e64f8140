import fc from 'fast-check';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Postings, type PostingsOptions } from './postings.js';

const inDir = <T>(use: (dir: string) => T): T => {
  const dir = mkdtempSync(join(tmpdir(), 'netledger-postings-'));
  try {
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Per row, the keys it touched (a few distinct keys out of a small set, so keys repeat across runs). */
const history = fc.array(fc.uniqueArray(fc.constantFrom('port:a', 'port:b', 'network:n', 'router:r', 'subnet:s', 'host:h'), { maxLength: 3 }), {
  maxLength: 80,
});

const post = (dir: string, rows: readonly (readonly string[])[], options: PostingsOptions) => {
  const postings = new Postings(dir, options);
  const expected = new Map<string, number[]>();
  for (const [ordinal, keys] of rows.entries())
    for (const key of keys) {
      postings.add(key, ordinal);
      expected.set(key, [...(expected.get(key) ?? []), ordinal]);
    }
  return { postings, expected, added: rows.reduce((sum, keys) => sum + keys.length, 0) };
};

describe('resource postings on disk', () => {
  it('find every row of a key, ascending, across merged runs and the buffer', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), (rows, bufferEntries, blockEntries) =>
        inDir((dir) => {
          const { postings, expected, added } = post(dir, rows, { bufferEntries, blockEntries });
          for (const key of ['port:a', 'port:b', 'network:n', 'router:r', 'subnet:s', 'host:h', 'port:never'])
            expect(postings.lookup(key)).toEqual(expected.get(key) ?? []);
          // A binary counter: one run per set bit of the number of spilled buffers, and the merged-away files gone.
          const spilled = Math.floor(added / bufferEntries);
          expect(postings.runCount).toBe(spilled.toString(2).replaceAll('0', '').length);
          expect(readdirSync(dir)).toHaveLength(postings.runCount);
        }),
      ),
      { numRuns: 200 },
    );
  });

  it('with colliding hashes, give the rows of every key that collides, still ascending', () => {
    inDir((dir) => {
      const collide = (key: string) => (key.startsWith('port') ? ([1, 2] as const) : ([1, 3] as const));
      const rows = [['port:a'], ['port:b', 'port:c', 'network:n'], ['port:a'], ['network:n'], ['port:b'], ['port:c'], ['network:m'], ['port:d']];
      const { postings } = post(dir, rows, { bufferEntries: 2, blockEntries: 1, hash: collide });
      // Four buffers spilled and merged into one run, a fifth spilled beside it; the last posting is still in the buffer.
      expect(postings.runCount).toBe(2);
      expect(postings.lookup('port:a')).toEqual([0, 1, 2, 4, 5, 7]);
      expect(postings.lookup('network:n')).toEqual([1, 3, 6]);
      expect(postings.lookup('subnet:s')).toEqual([1, 3, 6]);
      expect(postings.lookup('port:z')).toEqual([0, 1, 2, 4, 5, 7]);
    });
  });

  it('tell keys apart by both halves of the hash', () => {
    inDir((dir) => {
      const halves = (key: string) => [key.length, key.charCodeAt(key.length - 1)] as const;
      const { postings } = post(dir, [['ab'], ['ac'], ['abc'], ['ab']], { bufferEntries: 2, blockEntries: 1, hash: halves });
      expect(postings.lookup('ab')).toEqual([0, 3]);
      expect(postings.lookup('ac')).toEqual([1]);
      expect(postings.lookup('abc')).toEqual([2]);
    });
  });
});
