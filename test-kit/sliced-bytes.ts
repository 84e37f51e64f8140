import { serializeInSlices } from '../history/sliced-serialization.js';

/** What a writer in slices (serializeInSlices, writeWorld) hands out: its parts, and them in one buffer. */
export const collected = async (writeAll: (write: (part: Buffer) => Promise<void>) => Promise<unknown>): Promise<{ parts: Buffer[]; bytes: Buffer }> => {
  const parts: Buffer[] = [];
  await writeAll(async (part) => void parts.push(part));
  return { parts, bytes: Buffer.concat(parts) };
};

/** `value` serialized in slices of about `sliceMs`, in one buffer. */
export const slicedBytes = async (value: unknown, sliceMs = 4): Promise<Buffer> => (await collected((write) => serializeInSlices(value, sliceMs, write))).bytes;
