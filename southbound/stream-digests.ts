import { MessageChannel, Worker } from 'node:worker_threads';
import { CONTROL_INTS, FAILED, READ, RING_BYTES, SERVER_SLEEPS, SLOTS_PER_PAGE, THREAD_SLEEPS, WRAP, WRITTEN, recordBytes } from './digest-ring.js';
import { DIGEST_BYTES, DigestMemory, type DigestState } from './stream-digest.js';
import { threadScript } from './thread-script.js';

/** Characters of a line in one record at most (three bytes each at worst): a longer line goes as several. */
const CHUNK = 16 * 1024;
/**
 * Bytes waiting before a sleeping thread is woken. Waking it per event cost the server's thread
 * 14 µs an event in a replay on 2 busy cores, and a wake per 256 KiB still 125 µs a wake (the
 * futex call, and the woken thread taking the core): it takes a quarter of the ring at a time,
 * and a read or a full ring wakes it at once.
 */
const WAKE_BYTES = RING_BYTES / 4;
/** How long a read of the digests waits for a thread that reads nothing before it gives up. */
const STALLED_MS = 60_000;

/**
 * Every host stream's digest (sha256 of its lines, stream-digest.ts), hashed on a thread of its
 * own: on the server's thread a line costs a copy of its bytes into a ring (digest-ring.ts)
 * instead of its SHA-256 in JavaScript, about a microsecond and a half per line, a thousand
 * lines per event that reaches a thousand hosts. The thread takes the lines in the order they
 * were written; a read (`hex`, `state`) first waits until it has taken every line written before
 * it, so it is never behind the streams. One per process, shared by its host streams; a slot is
 * never given back (112 bytes per stream made).
 */
class StreamDigests {
  private readonly ring = new SharedArrayBuffer(RING_BYTES);
  private readonly bytes = Buffer.from(this.ring);
  private readonly ints = new Int32Array(this.ring);
  private readonly counters = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
  private readonly pages = new MessageChannel();
  private readonly memory: SharedArrayBuffer[] = [];
  private readonly digests: DigestMemory[] = [];
  private written = 0;
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(threadScript('digest-thread', import.meta.url), {
      eval: true,
      workerData: { ring: this.ring, control: this.counters.buffer, pages: this.pages.port2 },
      transferList: [this.pages.port2],
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    // It holds nothing a process must wait for: what it has not hashed is hashed when read.
    this.worker.unref();
  }

  /** A new stream's digest, empty or going on from `state`: the slot its lines go to. */
  open(state?: DigestState): number {
    const slot = this.digests.length;
    if (slot % SLOTS_PER_PAGE === 0) {
      const page = new SharedArrayBuffer(SLOTS_PER_PAGE * DIGEST_BYTES);
      this.memory.push(page);
      this.pages.port1.postMessage(page);
    }
    // Written before any record names the slot, so the thread sees it once it sees such a record.
    this.digests.push(new DigestMemory(this.memory[this.memory.length - 1], (slot % SLOTS_PER_PAGE) * DIGEST_BYTES).load(state));
    return slot;
  }

  /** Hands the thread a line of the stream at `slot`. */
  update(slot: number, line: string): void {
    for (let from = 0; from < line.length; ) {
      let to = Math.min(line.length, from + CHUNK);
      // A pair of UTF-16 units is one character: never cut between them.
      if (to < line.length && (line.charCodeAt(to - 1) & 0xfc00) === 0xd800) to -= 1;
      const at = this.reserve(recordBytes((to - from) * 3));
      this.record(slot, at, this.bytes.write(from === 0 && to === line.length ? line : line.slice(from, to), at + 8, 'utf8'));
      from = to;
    }
  }

  /**
   * update with the line given in three parts (a diff line's host head, the ops every host of its
   * event shares, its tail), written one after the other into one record when they fit in one.
   */
  updateParts(slot: number, head: string, middle: string, tail: string): void {
    if (head.length + middle.length + tail.length > CHUNK) {
      this.update(slot, head);
      this.update(slot, middle);
      this.update(slot, tail);
      return;
    }
    const at = this.reserve(recordBytes((head.length + middle.length + tail.length) * 3));
    let count = this.bytes.write(head, at + 8, 'utf8');
    count += this.bytes.write(middle, at + 8 + count, 'utf8');
    count += this.bytes.write(tail, at + 8 + count, 'utf8');
    this.record(slot, at, count);
  }

  /** Where the next record of at most `most` bytes goes, once the thread has left room for it (past the ring's end, at its start). */
  private reserve(most: number): number {
    const at = this.written & (RING_BYTES - 1);
    if (RING_BYTES - at >= most) {
      this.waitForRoom(most);
      return at;
    }
    this.waitForRoom(RING_BYTES - at + most);
    this.ints[at >> 2] = WRAP;
    this.written = (this.written + RING_BYTES - at) | 0;
    return 0;
  }

  private record(slot: number, at: number, count: number): void {
    this.ints[at >> 2] = slot;
    this.ints[(at >> 2) + 1] = count;
    this.written = (this.written + recordBytes(count)) | 0;
  }

  /**
   * Hands the thread the lines written so far: once per event, after its lines. A thread that
   * sleeps is woken once a batch is waiting, or at once when `now` (the server waits for it).
   */
  flush(now = false): void {
    Atomics.store(this.counters, WRITTEN, this.written);
    if (Atomics.load(this.counters, THREAD_SLEEPS) === 0) return;
    if (!now && RING_BYTES - this.room() < WAKE_BYTES) return;
    // Its flag taken down as it is woken: the flushes until it runs again (it may wait for a core) call no futex again.
    if (Atomics.compareExchange(this.counters, THREAD_SLEEPS, 1, 0) === 1) Atomics.notify(this.counters, WRITTEN);
  }

  /** sha256 of the stream's lines so far, as hex. */
  hex(slot: number): string {
    this.caughtUp();
    return this.digests[slot].hex();
  }

  /** The digest's state after the stream's lines so far, for a checkpoint. */
  state(slot: number): DigestState {
    this.caughtUp();
    return this.digests[slot].state();
  }

  /** Waits until the thread has taken every line written. */
  private caughtUp(): void {
    this.waitUntil(() => Atomics.load(this.counters, READ) === this.written);
  }

  // No closure unless it must wait: under tsx a named closure made per line is also a defineProperty (its __name).
  private waitForRoom(bytes: number): void {
    if (this.room() < bytes) this.waitUntil(() => this.room() >= bytes);
  }

  private room(): number {
    return RING_BYTES - ((this.written - Atomics.load(this.counters, READ)) | 0);
  }

  private waitUntil(done: () => boolean): void {
    let read = Atomics.load(this.counters, READ);
    let since = performance.now();
    while (!done()) {
      if (Atomics.load(this.counters, FAILED) !== 0) throw new Error('the stream digests thread failed');
      this.flush(true);
      Atomics.store(this.counters, SERVER_SLEEPS, 1);
      Atomics.wait(this.counters, READ, read, 100);
      Atomics.store(this.counters, SERVER_SLEEPS, 0);
      const now = Atomics.load(this.counters, READ);
      if (now !== read) [read, since] = [now, performance.now()];
      else if (performance.now() - since > STALLED_MS) throw new Error(`the stream digests thread read nothing for ${STALLED_MS / 1000} s`);
    }
  }
}

let shared: StreamDigests | undefined;

/** The process's stream digests, their thread started on first use. */
export const streamDigests = (): StreamDigests => (shared ??= new StreamDigests());
