import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Up to `length` bytes of a file from `position` (fewer at its end). Synchronous on purpose: an
 * audit lookup reads a block or two, and "as of T" stays a plain call.
 */
export const readRange = (path: string, position: number, length: number): Buffer => {
  const fd = openSync(path, 'r');
  try {
    const bytes = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const read = readSync(fd, bytes, done, length - done, position + done);
      if (read === 0) break;
      done += read;
    }
    return bytes.subarray(0, done);
  } finally {
    closeSync(fd);
  }
};
