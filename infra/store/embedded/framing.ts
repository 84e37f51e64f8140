import { crc32 } from 'node:zlib';
import type { StoredEvent } from '../../../domain/log/event-store.js';
import { storedEvent } from '../../../domain/log/recorded-event.js';

/**
 * A record on disk: payload length (u32 LE), CRC32 of the payload (u32 LE), then the payload,
 * the JSON array of the events of one append. One append is one record, so a torn write
 * drops a whole append, never part of one.
 */
export const FRAME_HEADER_BYTES = 8;

/**
 * JSON text never holds a byte below 0x20, so any 4 bytes of a payload read as a length are
 * at least 0x20000000. Capping lengths below that means the recovery scan cannot mistake the
 * inside of a torn payload for the header of a valid record.
 */
const MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

const JSON_ARRAY_START = 0x5b;

export function encodeRecord(events: readonly StoredEvent[]): Buffer {
  const json = JSON.stringify(events);
  const length = Buffer.byteLength(json, 'utf8');
  if (length > MAX_PAYLOAD_BYTES) {
    throw new RangeError(`an append of ${length} bytes exceeds the ${MAX_PAYLOAD_BYTES}-byte record limit`);
  }
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame.write(json, FRAME_HEADER_BYTES, 'utf8');
  frame.writeUInt32LE(length, 0);
  frame.writeUInt32LE(crc32(frame.subarray(FRAME_HEADER_BYTES)), 4);
  return frame;
}

/** The events of a frame this process encoded itself (no checksum to verify), decoded as a replay decodes them. */
export function decodeOwnRecord(frame: Buffer): StoredEvent[] {
  return (JSON.parse(frame.toString('utf8', FRAME_HEADER_BYTES)) as unknown[]).map(storedEvent);
}

/**
 * A failed read says whether the frame was `complete`: its header and every byte the header
 * claims are there (the damage is in bytes that were written), or not (a write cut short, or a
 * tail the file system extended with zeros).
 */
type FrameRead =
  | { readonly ok: true; readonly events: StoredEvent[]; readonly end: number }
  | { readonly ok: false; readonly reason: string; readonly complete: boolean };

type FrameCheck = { readonly ok: true; readonly end: number } | { readonly ok: false; readonly reason: string; readonly complete: boolean };

/** Verifies the framing and checksum of the record starting at `offset`, without parsing its payload. */
export function checkFrame(buffer: Buffer, offset: number, end = buffer.length): FrameCheck {
  if (end - offset < FRAME_HEADER_BYTES) return bad(`incomplete header (${end - offset} bytes)`, false);
  const length = buffer.readUInt32LE(offset);
  if (length === 0 || length > MAX_PAYLOAD_BYTES) return bad(`implausible length ${length}`, !onlyZeros(buffer, offset, end));
  const payloadStart = offset + FRAME_HEADER_BYTES;
  const payloadEnd = payloadStart + length;
  if (payloadEnd > end) return bad(`length ${length} runs past the end of the data`, false);
  if (buffer[payloadStart] !== JSON_ARRAY_START) return bad('payload is not a JSON array');
  if (crc32(buffer.subarray(payloadStart, payloadEnd)) !== buffer.readUInt32LE(offset + 4)) return bad('checksum mismatch');
  return { ok: true, end: payloadEnd };
}

/** Decodes and verifies the record starting at `offset`; `end` is where valid bytes stop. Throws UndecodableEvent for a whole record whose events are not stored events. */
export function readFrame(buffer: Buffer, offset: number, end = buffer.length): FrameRead {
  const check = checkFrame(buffer, offset, end);
  if (!check.ok) return check;
  const payloadEnd = check.end;
  const payload = buffer.subarray(offset + FRAME_HEADER_BYTES, payloadEnd);
  let events: unknown;
  try {
    events = JSON.parse(payload.toString('utf8'));
  } catch {
    return bad('payload is not valid JSON');
  }
  if (!Array.isArray(events) || events.length === 0) return bad('payload holds no events');
  // Whole and checksummed, so not a torn write: a record that does not decode is an error (UndecodableEvent), not a tail to cut.
  return { ok: true, events: events.map(storedEvent), end: payloadEnd };
}

/**
 * Where the first valid record at or after `from` starts, if one does: the framing resyncs after
 * damage, since a length, a checksum and a JSON array that all agree do not happen by chance.
 */
export function nextValidRecord(buffer: Buffer, from: number, end = buffer.length): number | undefined {
  for (let candidate = from; candidate < end; candidate++) {
    try {
      if (readFrame(buffer, candidate, end).ok) return candidate;
    } catch {
      return candidate; // whole and checksummed, its events undecodable: a record all the same
    }
  }
  return undefined;
}

function bad(reason: string, complete = true): { readonly ok: false; readonly reason: string; readonly complete: boolean } {
  return { ok: false, reason, complete };
}

function onlyZeros(buffer: Buffer, from: number, end: number): boolean {
  for (let i = from; i < end; i++) if (buffer[i] !== 0) return false;
  return true;
}
