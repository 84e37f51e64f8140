import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';

/*
 * The goal-state archive's frames: each is its length as a big-endian u32, the top bit set when
 * the body is deflated (raw deflate), then the body: the text of whole records.
 */

const DEFLATED = 0x80000000;

// Never from Buffer's shared pool: the thread hands frames over by transferring their memory.
const frame = (body: Uint8Array, flags: number): Buffer => {
  const framed = Buffer.allocUnsafeSlow(4 + body.length);
  framed.writeUInt32BE((flags | body.length) >>> 0, 0);
  framed.set(body, 4);
  return framed;
};

export const plainFrame = (text: string): Buffer => frame(Buffer.from(text), 0);

/** Deflated at the fastest level: records repeat the same keys on every entry, so that is about a tenth of the text. */
export const deflatedFrame = (text: string | Buffer): Buffer => frame(deflateRawSync(text, { level: constants.Z_BEST_SPEED }), DEFLATED);

/** The bodies of a run of whole frames, each inflated only once asked for. */
export function* framesOf(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at + 4 <= bytes.length; ) {
    const head = bytes.readUInt32BE(at);
    const body = bytes.subarray(at + 4, at + 4 + (head & ~DEFLATED));
    // Output chunks sized for the whole frame (records deflate about tenfold): one chunk, no concatenation.
    yield head & DEFLATED ? inflateRawSync(body, { chunkSize: Math.max(64 * 1024, 16 * body.length) }) : body;
    at += 4 + body.length;
  }
}
