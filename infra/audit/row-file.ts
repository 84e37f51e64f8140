import { appendFileSync, existsSync, statSync, truncateSync } from 'node:fs';
import type { AuditRow } from '../../projections/index.js';
import { Column, countWhile } from '../../domain/common/column.js';
import { readRange } from './file-range.js';

/** position f64, time f64, project i32, actor i32, type i32, kinds u16 (little-endian: a file of u8 kinds and zero padding reads the same), 2 bytes of padding. */
const ROW_BYTES = 32;

/** Rows side by side in a buffer: a block read from the file, or the block still being filled. */
class RowBlock {
  constructor(
    readonly bytes: Buffer,
    readonly length: number,
  ) {}

  value(field: 'position' | 'time', i: number): number {
    return this.bytes.readDoubleLE(i * ROW_BYTES + (field === 'position' ? 0 : 8));
  }

  row(i: number): AuditRow {
    const at = i * ROW_BYTES;
    const bytes = this.bytes;
    return {
      position: bytes.readDoubleLE(at),
      time: bytes.readDoubleLE(at + 8),
      project: bytes.readInt32LE(at + 16),
      actor: bytes.readInt32LE(at + 20),
      type: bytes.readInt32LE(at + 24),
      kinds: bytes.readUInt16LE(at + 28),
    };
  }
}

/** A row file between two events, for a checkpoint: whole blocks in the file (their first positions and times), and the block being filled. */
export interface RowFileHead {
  readonly blockRows: number;
  readonly blocks: number;
  readonly firstPositions: Float64Array;
  readonly firstTimes: Float64Array;
  readonly filling: Uint8Array;
}

/**
 * The audit rows in one file of fixed-width rows, written a block at a time. The block being
 * filled stays in memory; of the written ones only each block's first position and time do
 * (16 bytes per `blockRows` events), so finding a position or a time is a binary search over
 * those plus one block read.
 */
export class RowFile {
  private readonly filling: Buffer;
  private filled = 0;
  private readonly firstPositions = new Column((n) => new Float64Array(n));
  private readonly firstTimes = new Column((n) => new Float64Array(n));
  /** The last block read: scans read rows in order, so most reads hit it. */
  private recent?: { index: number; block: RowBlock };

  constructor(
    private readonly path: string,
    private readonly blockRows = 1024,
  ) {
    this.filling = Buffer.alloc(blockRows * ROW_BYTES);
  }

  head(): RowFileHead {
    const column = (values: Column<Float64Array>) => Float64Array.from({ length: this.written }, (_, i) => values.at(i));
    return {
      blockRows: this.blockRows,
      blocks: this.written,
      firstPositions: column(this.firstPositions),
      firstTimes: column(this.firstTimes),
      // A copy: a Buffer's slice() is a view of the block still being filled, and a checkpoint serializes the head later.
      filling: Buffer.from(this.filling.subarray(0, this.filled * ROW_BYTES)),
    };
  }

  /**
   * Takes up the file as a head left it: the blocks written since are cut off (the fold writes
   * them again). Throws if the file is shorter than the head says or the head is not of this block size.
   */
  resume(head: RowFileHead): void {
    const size = head.blocks * this.blockRows * ROW_BYTES;
    if (head.blockRows !== this.blockRows || head.filling.length >= this.blockRows * ROW_BYTES || head.filling.length % ROW_BYTES !== 0) throw new Error('the audit rows head is not of this block size');
    if (head.firstPositions.length !== head.blocks || head.firstTimes.length !== head.blocks) throw new Error('the audit rows head does not count its blocks');
    if ((existsSync(this.path) ? statSync(this.path).size : 0) < size) throw new Error(`${this.path} is shorter than its checkpoint says`);
    if (existsSync(this.path)) truncateSync(this.path, size);
    for (let i = 0; i < head.blocks; i++) {
      this.firstPositions.push(head.firstPositions[i]);
      this.firstTimes.push(head.firstTimes[i]);
    }
    this.filling.set(head.filling);
    this.filled = head.filling.length / ROW_BYTES;
  }

  get count(): number {
    return this.written * this.blockRows + this.filled;
  }

  private get written(): number {
    return this.firstPositions.length;
  }

  /** Throws if the file cannot be written (then the row is not counted). */
  append(row: AuditRow): void {
    const at = this.filled * ROW_BYTES;
    this.filling.writeDoubleLE(row.position, at);
    this.filling.writeDoubleLE(row.time, at + 8);
    this.filling.writeInt32LE(row.project, at + 16);
    this.filling.writeInt32LE(row.actor, at + 20);
    this.filling.writeInt32LE(row.type, at + 24);
    this.filling.writeUInt16LE(row.kinds, at + 28);
    if (this.filled + 1 < this.blockRows) {
      this.filled += 1;
      return;
    }
    appendFileSync(this.path, this.filling);
    this.firstPositions.push(this.filling.readDoubleLE(0));
    this.firstTimes.push(this.filling.readDoubleLE(8));
    this.filled = 0;
  }

  row(ordinal: number): AuditRow {
    const index = Math.floor(ordinal / this.blockRows);
    return this.block(index).row(ordinal - index * this.blockRows);
  }

  /** How many rows come first with `before` holding for their position or time (both ascending). */
  countWhile(field: 'position' | 'time', before: (value: number) => boolean): number {
    const written = field === 'position' ? this.firstPositions : this.firstTimes;
    const firsts = {
      length: this.written + (this.filled > 0 ? 1 : 0),
      at: (k: number) => (k < this.written ? written.at(k) : new RowBlock(this.filling, this.filled).value(field, 0)),
    };
    // The first block whose first row fails holds no row that passes: the boundary is in the block before.
    const blocks = countWhile(firsts, before);
    if (blocks === 0) return 0;
    const block = this.block(blocks - 1);
    return (blocks - 1) * this.blockRows + countWhile({ length: block.length, at: (i) => block.value(field, i) }, before);
  }

  private block(index: number): RowBlock {
    if (index === this.written) return new RowBlock(this.filling, this.filled);
    if (this.recent?.index !== index) {
      const bytes = readRange(this.path, index * this.blockRows * ROW_BYTES, this.blockRows * ROW_BYTES);
      this.recent = { index, block: new RowBlock(bytes, this.blockRows) };
    }
    return this.recent.block;
  }
}
