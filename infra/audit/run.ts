import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { readRange } from './file-range.js';

/** An entry: the key's hash in two u32 halves, then the ordinal of a row that touched it (u32). */
const ENTRY_BYTES = 12;
/** Entries read or written at a time by a merge. */
const CHUNK_ENTRIES = 4096;

/** Orders entries by key, unsigned, high half first. */
const compareKeys = (hi: number, lo: number, otherHi: number, otherLo: number): number => (hi !== otherHi ? hi - otherHi : lo - otherLo);

/**
 * An immutable file of postings sorted by key, then ordinal, with the first key of every block of
 * `blockEntries` in memory (8 bytes a block), so finding a key is a binary search there and a
 * read of the blocks that hold it. `level` counts the merges behind it (see Postings).
 */
export class Run {
  constructor(
    readonly path: string,
    readonly count: number,
    readonly level: number,
    private readonly blockEntries: number,
    private readonly firstHi: readonly number[],
    private readonly firstLo: readonly number[],
  ) {}

  /** What a checkpoint keeps of the run besides its file. */
  head(): { count: number; level: number; firstHi: readonly number[]; firstLo: readonly number[] } {
    return { count: this.count, level: this.level, firstHi: this.firstHi, firstLo: this.firstLo };
  }

  /** The ordinals posted under a key, ascending. */
  lookup(hi: number, lo: number): number[] {
    let low = 0;
    let high = this.firstHi.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareKeys(this.firstHi[mid], this.firstLo[mid], hi, lo) < 0) low = mid + 1;
      else high = mid;
    }
    // Blocks before `low` start below the key; the key's entries may begin in the last of them.
    const found: number[] = [];
    const cursor = new RunCursor(this, Math.max(0, low - 1) * this.blockEntries, this.blockEntries);
    for (; !cursor.done; cursor.next()) {
      const order = compareKeys(cursor.hi, cursor.lo, hi, lo);
      if (order > 0) break;
      if (order === 0) found.push(cursor.ordinal);
    }
    return found;
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }

  /** Merges two runs into one at `path`; on equal keys the older run's ordinals (the smaller) come first. */
  static merge(older: Run, newer: Run, path: string): Run {
    const writer = new RunWriter(path, Math.max(older.level, newer.level) + 1, older.blockEntries);
    try {
      const a = new RunCursor(older, 0, CHUNK_ENTRIES);
      const b = new RunCursor(newer, 0, CHUNK_ENTRIES);
      while (!a.done || !b.done) {
        const from = b.done || (!a.done && compareKeys(a.hi, a.lo, b.hi, b.lo) <= 0) ? a : b;
        writer.add(from.hi, from.lo, from.ordinal);
        from.next();
      }
      return writer.finish();
    } finally {
      writer.close();
    }
  }
}

/** Reads a run's entries in order from an entry, a chunk at a time. */
class RunCursor {
  private chunk: Buffer = Buffer.alloc(0);
  private at = 0;

  constructor(
    private readonly run: Run,
    private entry: number,
    private readonly chunkEntries: number,
  ) {
    this.load();
  }

  get done(): boolean {
    return this.entry >= this.run.count;
  }

  get hi(): number {
    return this.chunk.readUInt32LE(this.at);
  }

  get lo(): number {
    return this.chunk.readUInt32LE(this.at + 4);
  }

  get ordinal(): number {
    return this.chunk.readUInt32LE(this.at + 8);
  }

  next(): void {
    this.entry += 1;
    this.at += ENTRY_BYTES;
    if (this.at >= this.chunk.length) this.load();
  }

  private load(): void {
    if (this.done) return;
    this.chunk = readRange(this.run.path, this.entry * ENTRY_BYTES, Math.min(this.chunkEntries, this.run.count - this.entry) * ENTRY_BYTES);
    this.at = 0;
  }
}

/** Writes entries in key order to a new run file, a chunk at a time, noting each block's first key. */
export class RunWriter {
  private readonly fd: number;
  private readonly chunk = Buffer.alloc(CHUNK_ENTRIES * ENTRY_BYTES);
  private inChunk = 0;
  private count = 0;
  private readonly firstHi: number[] = [];
  private readonly firstLo: number[] = [];

  constructor(
    private readonly path: string,
    private readonly level: number,
    private readonly blockEntries: number,
  ) {
    this.fd = openSync(path, 'w');
  }

  add(hi: number, lo: number, ordinal: number): void {
    if (this.count % this.blockEntries === 0) {
      this.firstHi.push(hi);
      this.firstLo.push(lo);
    }
    const at = this.inChunk * ENTRY_BYTES;
    this.chunk.writeUInt32LE(hi, at);
    this.chunk.writeUInt32LE(lo, at + 4);
    this.chunk.writeUInt32LE(ordinal, at + 8);
    this.count += 1;
    if (++this.inChunk === CHUNK_ENTRIES) this.flush();
  }

  /** The run written, once every entry is added. */
  finish(): Run {
    this.flush();
    return new Run(this.path, this.count, this.level, this.blockEntries, this.firstHi, this.firstLo);
  }

  close(): void {
    closeSync(this.fd);
  }

  private flush(): void {
    let done = 0;
    const length = this.inChunk * ENTRY_BYTES;
    while (done < length) done += writeSync(this.fd, this.chunk, done, length - done);
    this.inChunk = 0;
  }
}
