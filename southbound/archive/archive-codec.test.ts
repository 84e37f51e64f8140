import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveCodec } from './archive-codec.js';
import { framesOf } from './frames.js';

describe('archive frames', () => {
  const codec = new ArchiveCodec();
  afterAll(() => codec.close());

  it('are deflated while the worker keeps up and kept as they are past a few batches in flight, and read back alike', async () => {
    const texts = ['{"a":1}\n'.repeat(500), '{"b":"ü"}\n'.repeat(300), ''];
    // Four batches asked for at once: the fourth finds three out and is not deflated.
    const batches = await Promise.all([1, 2, 3, 4].map(() => codec.encode(texts)));
    expect(batches.map((frames) => frames.map((frame) => frame.readUInt32BE(0) >>> 31))).toEqual([[1, 1, 1], [1, 1, 1], [1, 1, 1], [0, 0, 0]]);
    const [deflated, , , plain] = batches;
    expect(deflated[0].length).toBeLessThan(plain[0].length / 10);
    expect(Buffer.concat([...framesOf(Buffer.concat([...deflated, ...plain]))]).toString()).toBe(texts.join('').repeat(2));
  });
});
