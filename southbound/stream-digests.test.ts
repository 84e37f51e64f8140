import { createHash, type Hash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RING_BYTES } from './digest-ring.js';
import { streamDigests } from './stream-digests.js';

/** Lines as the streams make them, and some that are not: long ones (several records, a cut next to a pair of UTF-16 units), empty ones. */
const line = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 400 }).map((text) => `${text}\n`), weight: 8 },
  fc.tuple(fc.integer({ min: 16 * 1024 - 3, max: 40 * 1024 }), fc.constantFrom('a', 'é', '😀', '€')).map(([n, unit]) => unit.repeat(n)),
  fc.constant(''),
);

/** A line cut in three where `a` and `b` say, never between the two units of a pair (the streams cut their lines so). */
const inThree = (text: string, a: number, b: number): [string, string, string] => {
  const cut = (n: number) => {
    const at = n % (text.length + 1);
    return at > 0 && at < text.length && (text.charCodeAt(at - 1) & 0xfc00) === 0xd800 ? at - 1 : at;
  };
  const [i, j] = [cut(a), cut(b)].sort((x, y) => x - y);
  return [text.slice(0, i), text.slice(i, j), text.slice(j)];
};

describe('stream digests on their thread', () => {
  it('a digest read at once after any burst of lines is sha256 of every line its stream was handed, in order, whole or in three parts', () => {
    const digests = streamDigests();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(4), line, fc.option(fc.tuple(fc.nat(), fc.nat()))), { maxLength: 200 }), fc.boolean(), (burst, flushed) => {
        const slots = Array.from({ length: 5 }, () => digests.open());
        const native: Hash[] = slots.map(() => createHash('sha256'));
        for (const [stream, text, cuts] of burst) {
          if (cuts) digests.updateParts(slots[stream], ...inThree(text, ...cuts));
          else digests.update(slots[stream], text);
          native[stream].update(text);
        }
        // A read need not come after a flush: it waits for what was handed out before it, either way.
        if (flushed) digests.flush();
        expect(slots.map((slot) => digests.hex(slot))).toEqual(native.map((hash) => hash.digest('hex')));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps up with a burst several times the ring, the thread and the server taking turns', () => {
    const digests = streamDigests();
    const slots = Array.from({ length: 1000 }, () => digests.open());
    const native = slots.map(() => createHash('sha256'));
    let bytes = 0;
    for (let event = 0; bytes < 5 * RING_BYTES; event++) {
      for (let s = 0; s < slots.length; s++) {
        const text = `{"hostId":"host-${s}","ops":[{"id":"p${event}","kind":"neighbor"}],"seq":${event + 1},"type":"diff"}\n`;
        digests.update(slots[s], text);
        native[s].update(text);
        bytes += text.length;
      }
      digests.flush();
    }
    expect(slots.map((slot) => digests.state(slot).length).reduce((a, b) => a + b)).toBe(bytes);
    expect(slots.map((slot) => digests.hex(slot))).toEqual(native.map((hash) => hash.digest('hex')));
  });

  it('wakes its thread for a read: a few lines, far fewer than a batch, are hashed at once, not at the 1 s guard of its wait', async () => {
    const digests = streamDigests();
    const slot = digests.open();
    // The thread asleep on an empty ring, as it is between events.
    digests.hex(slot);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const took: number[] = [];
    for (let i = 0; i < 5; i++) {
      digests.update(slot, `line ${i}\n`);
      digests.flush();
      const started = performance.now();
      digests.hex(slot);
      took.push(performance.now() - started);
    }
    expect(Math.max(...took)).toBeLessThan(500);
  });

  it('goes on from a saved state', () => {
    const digests = streamDigests();
    const first = digests.open();
    digests.update(first, 'one\n');
    const resumed = digests.open(structuredClone(digests.state(first)));
    digests.update(resumed, 'two\n');
    expect(digests.hex(resumed)).toBe(createHash('sha256').update('one\ntwo\n').digest('hex'));
    expect(digests.hex(first)).toBe(createHash('sha256').update('one\n').digest('hex'));
  });
});
