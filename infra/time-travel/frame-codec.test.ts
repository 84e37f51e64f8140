import { afterAll, describe, expect, it } from 'vitest';
import { FrameCodec } from './frame-codec.js';

describe('archive frames', () => {
  const codec = new FrameCodec();
  afterAll(() => codec.close());

  it('are deflated while the worker is free and kept as they are while it is busy, and read back alike', async () => {
    const texts = ['{"a":1}\n'.repeat(500), '{"b":"ü"}\n'.repeat(300), ''];
    // The second batch is asked for while the first is still out: it is not deflated.
    const [deflated, plain] = await Promise.all([codec.encode(texts), codec.encode(texts)]);
    expect(deflated.map((frame) => frame.readUInt32BE(0) >>> 31)).toEqual([1, 1, 1]);
    expect(plain.map((frame) => frame.readUInt32BE(0) >>> 31)).toEqual([0, 0, 0]);
    expect(deflated[0].length).toBeLessThan(plain[0].length / 10);
    expect(await codec.inflate(Buffer.concat([...deflated, ...plain]))).toBe(texts.join('').repeat(2));
  });
});
