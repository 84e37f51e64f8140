import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { FAILED, READ, RING_BYTES, SERVER_SLEEPS, SLOTS_PER_PAGE, THREAD_SLEEPS, WRAP, WRITTEN, recordBytes } from './digest-ring.js';
import { DIGEST_BYTES, DigestMemory } from './stream-digest.js';

/**
 * The stream digests' thread: takes every host's lines from the ring in the order the server wrote
 * them and hashes each into its stream's digest, in memory the server reads once it has seen the
 * thread read past them (stream-digests.ts). It never returns to its event loop: pages come by
 * receiveMessageOnPort, and it sleeps on the ring's counter.
 */
const { ring, control, pages } = workerData as { ring: SharedArrayBuffer; control: SharedArrayBuffer; pages: MessagePort };
const bytes = new Uint8Array(ring);
const ints = new Int32Array(ring);
const counters = new Int32Array(control);
const memory: SharedArrayBuffer[] = [];
const digests: DigestMemory[] = [];
const TELL_EVERY = RING_BYTES / 16;

const digestOf = (slot: number): DigestMemory => {
  let digest = digests[slot];
  if (digest === undefined) {
    const page = Math.floor(slot / SLOTS_PER_PAGE);
    while (memory.length <= page) memory.push((receiveMessageOnPort(pages)!.message as SharedArrayBuffer));
    digest = digests[slot] = new DigestMemory(memory[page], (slot % SLOTS_PER_PAGE) * DIGEST_BYTES);
  }
  return digest;
};

try {
  let read = Atomics.load(counters, READ);
  let told = read;
  const tell = () => {
    Atomics.store(counters, READ, (told = read));
    if (Atomics.compareExchange(counters, SERVER_SLEEPS, 1, 0) === 1) Atomics.notify(counters, READ);
  };
  for (;;) {
    const written = Atomics.load(counters, WRITTEN);
    if (written === read) {
      // Woken by the server once a batch of lines waits, or when it waits itself; the bound is only a guard.
      Atomics.store(counters, THREAD_SLEEPS, 1);
      Atomics.wait(counters, WRITTEN, written, 1000);
      Atomics.store(counters, THREAD_SLEEPS, 0);
      continue;
    }
    while (read !== written) {
      const at = read & (RING_BYTES - 1);
      const slot = ints[at >> 2];
      if (slot === WRAP) {
        read = (read + RING_BYTES - at) | 0;
        continue;
      }
      const count = ints[(at >> 2) + 1];
      digestOf(slot).take(bytes, at + 8, count);
      read = (read + recordBytes(count)) | 0;
      // A server waiting for room (a burst bigger than the ring) goes on as soon as some is free.
      if (((read - told) | 0) >= TELL_EVERY) tell();
    }
    tell();
  }
} catch (error) {
  Atomics.store(counters, FAILED, 1);
  Atomics.notify(counters, READ);
  throw error;
}
