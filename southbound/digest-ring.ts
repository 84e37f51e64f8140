// Loaded by the stream digests' thread too: it imports nothing.

/**
 * The memory the server hands the stream digests' lines through: a ring of bytes written by the
 * server and read by the thread, and a few counters beside it. A record is a stream's slot and a
 * byte count (two int32s), then that many bytes of its lines, padded to 4; a slot of WRAP says the
 * rest of the ring is unused and the next record is at its start.
 */

/** Bytes in the ring (a power of two): some thirteen thousand 300-byte lines. */
export const RING_BYTES = 4 * 1024 * 1024;
export const WRAP = -1;
/** Where the counters are in the control memory (int32s). Both count bytes, and wrap at 2^32. */
export const WRITTEN = 0;
export const READ = 1;
/** Set by the thread if it stopped on an error: nothing it has not read will be. */
export const FAILED = 2;
/**
 * 1 while the thread waits on WRITTEN, and while the server waits on READ: each side notifies the
 * other only then (a notify is a futex call, and wakes a thread that may take the core), and takes
 * the flag down as it does, so one sleep is one notify. A side sets its flag before it waits, and
 * its wait returns at once if the counter moved already.
 */
export const THREAD_SLEEPS = 3;
export const SERVER_SLEEPS = 4;
export const CONTROL_INTS = 5;
/** Slots per page of digest state: the server sends the thread a page before the first record of one of its slots. */
export const SLOTS_PER_PAGE = 256;

export const recordBytes = (count: number): number => 8 + ((count + 3) & ~3);
