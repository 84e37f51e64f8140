import { basename, join } from 'node:path';
import { keyHash, type KeyHash } from './resource-key.js';
import { Run, RunWriter } from './run.js';

export interface PostingsOptions {
  /** Postings held in memory before they are written as a run (12 bytes each). */
  readonly bufferEntries?: number;
  /** Entries per block of a run: one key in memory per block. */
  readonly blockEntries?: number;
  /** How a resource's key is hashed (tests inject collisions). */
  readonly hash?: (key: string) => KeyHash;
}

/** A run as a checkpoint names it: its file in the postings' folder and what is kept of it in memory. */
export interface RunHead {
  readonly name: string;
  readonly count: number;
  readonly level: number;
  readonly firstHi: readonly number[];
  readonly firstLo: readonly number[];
}

/** The postings between two events, for a checkpoint: the runs on disk (immutable files) and the buffer. */
export interface PostingsHead {
  readonly runs: readonly RunHead[];
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  readonly ordinals: Uint32Array;
  /** Runs named so far: the next run's number. */
  readonly written: number;
  readonly blockEntries: number;
}

/**
 * For each resource, the ordinals of the rows that touched it, as a small log-structured merge
 * tree in `dir`: (key hash, ordinal) pairs gather in a bounded buffer, which is then sorted and
 * written as a run; two runs of the same level merge into one of the next (a binary counter), so
 * there are about log2(history / buffer) runs and each posting is rewritten as often. A lookup
 * is a binary search in each run plus a scan of the buffer. Runs cover consecutive ordinal ranges,
 * oldest first, so a key's ordinals come out ascending by reading the runs in order.
 */
export class Postings {
  private readonly hi: Uint32Array;
  private readonly lo: Uint32Array;
  private readonly ordinals: Uint32Array;
  private buffered = 0;
  private readonly runs: Run[] = [];
  private written = 0;
  private readonly blockEntries: number;
  private readonly hash: (key: string) => KeyHash;

  constructor(
    private readonly dir: string,
    options: PostingsOptions = {},
  ) {
    const capacity = options.bufferEntries ?? 1 << 16;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.ordinals = new Uint32Array(capacity);
    this.blockEntries = options.blockEntries ?? 256;
    this.hash = options.hash ?? keyHash;
  }

  head(): PostingsHead {
    return {
      runs: this.runs.map((run) => ({ name: basename(run.path), ...run.head() })),
      hi: this.hi.slice(0, this.buffered),
      lo: this.lo.slice(0, this.buffered),
      ordinals: this.ordinals.slice(0, this.buffered),
      written: this.written,
      blockEntries: this.blockEntries,
    };
  }

  /** The run files a head names, in this folder. */
  runPaths(): string[] {
    return this.runs.map((run) => run.path);
  }

  /** Takes up the postings a head left, its run files already back in the folder. Throws on a head of another buffer or block size. */
  resume(head: PostingsHead): void {
    const buffered = head.ordinals.length;
    if (head.blockEntries !== this.blockEntries || buffered >= this.ordinals.length || head.hi.length !== buffered || head.lo.length !== buffered) throw new Error('the audit postings head is not of this buffer size');
    for (const run of head.runs) this.runs.push(new Run(join(this.dir, run.name), run.count, run.level, this.blockEntries, run.firstHi, run.firstLo));
    this.hi.set(head.hi);
    this.lo.set(head.lo);
    this.ordinals.set(head.ordinals);
    this.buffered = buffered;
    this.written = head.written;
  }

  /** Posts a row under a key; ordinals come in ascending order. Throws if a run cannot be written. */
  add(key: string, ordinal: number): void {
    const [hi, lo] = this.hash(key);
    this.hi[this.buffered] = hi;
    this.lo[this.buffered] = lo;
    this.ordinals[this.buffered] = ordinal;
    this.buffered += 1;
    if (this.buffered === this.ordinals.length) this.spill();
  }

  /** The ordinals posted under a key, ascending, once each; those of another key with the same hash too. */
  lookup(key: string): number[] {
    const [hi, lo] = this.hash(key);
    const found = this.runs.flatMap((run) => run.lookup(hi, lo));
    for (let i = 0; i < this.buffered; i++) if (this.hi[i] === hi && this.lo[i] === lo) found.push(this.ordinals[i]);
    // Two keys of one row that share a hash posted it twice.
    return found.filter((ordinal, i) => i === 0 || found[i - 1] !== ordinal);
  }

  /** How many runs are on disk (for tests: the counter keeps it logarithmic). */
  get runCount(): number {
    return this.runs.length;
  }

  private spill(): void {
    // A stable sort by key keeps each key's ordinals ascending.
    const order = Array.from({ length: this.buffered }, (_, i) => i).sort((a, b) => this.hi[a] - this.hi[b] || this.lo[a] - this.lo[b]);
    const writer = new RunWriter(this.nextPath(), 0, this.blockEntries);
    try {
      for (const i of order) writer.add(this.hi[i], this.lo[i], this.ordinals[i]);
      this.runs.push(writer.finish());
    } finally {
      writer.close();
    }
    this.buffered = 0;
    while (this.runs.length >= 2 && this.runs[this.runs.length - 1].level === this.runs[this.runs.length - 2].level) {
      const [older, newer] = this.runs.slice(-2);
      this.runs.splice(-2, 2, Run.merge(older, newer, this.nextPath()));
      older.remove();
      newer.remove();
    }
  }

  private nextPath(): string {
    return join(this.dir, `run-${this.written++}.bin`);
  }
}
