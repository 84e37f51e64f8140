import { checkFrame, FRAME_HEADER_BYTES } from './framing.js';
import type { SegmentEnd } from './record-index.js';
import type { SegmentedLog } from './segmented-log.js';

/** Bytes read at a time: each read is one short turn of the event loop for the checksums. */
const CHUNK_BYTES = 1024 * 1024;

export interface CoveredDamage {
  readonly file: string;
  readonly offset: number;
  readonly reason: string;
}

/**
 * Checks the framing and checksum of every record a saved index covers, which the open took on
 * trust (recovery.ts): after the open, a chunk at a time, so the start does not wait for it and
 * damage there is still found at every start, not only by the read that meets it. No JSON is
 * parsed, so it costs a read of the segments and a CRC32 per record. `stopped` ends it early.
 */
export async function checkCovered(log: SegmentedLog, ends: readonly SegmentEnd[], stopped: () => boolean): Promise<CoveredDamage | undefined> {
  for (const { segment, end } of ends) {
    const damage = (offset: number, reason: string): CoveredDamage => ({ file: log.pathOf(segment), offset, reason });
    let offset = 0;
    while (offset < end) {
      if (stopped()) return undefined;
      const chunk = await log.read({ segment, offset, length: Math.min(CHUNK_BYTES, end - offset) });
      let at = 0;
      while (at < chunk.length) {
        const frame = checkFrame(chunk, at);
        if (frame.ok) {
          at = frame.end;
          continue;
        }
        const left = chunk.length - at;
        // Cut by the chunk's end, not the segment's: the next read starts at this record.
        const cut = left < FRAME_HEADER_BYTES || (FRAME_HEADER_BYTES + chunk.readUInt32LE(at) > left && FRAME_HEADER_BYTES + chunk.readUInt32LE(at) <= end - offset - at);
        if (chunk.length < end - offset && cut) break;
        return damage(offset + at, frame.reason);
      }
      if (at === 0) {
        // One record longer than a chunk: read alone.
        const length = FRAME_HEADER_BYTES + chunk.readUInt32LE(0);
        const frame = checkFrame(await log.read({ segment, offset, length }), 0);
        if (!frame.ok) return damage(offset, frame.reason);
        at = length;
      }
      offset += at;
    }
  }
  return undefined;
}
