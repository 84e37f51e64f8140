import { join } from 'node:path';
import { readFully, writeFully, type FileSystem, type StoreFile } from './file-system.js';

export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

const SEGMENT_NAME = /^segment-(\d{6,})\.log$/;

export function segmentName(segment: number): string {
  return `segment-${String(segment).padStart(6, '0')}.log`;
}

/** Segment numbers found among a directory's entries, in ascending order. */
export function segmentNumbers(entries: readonly string[]): number[] {
  return entries
    .map((entry) => SEGMENT_NAME.exec(entry))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
}

export interface RecordLocation {
  readonly segment: number;
  readonly offset: number;
  readonly length: number;
}

/**
 * The segment files of one data dir. Writes go to the end of the last segment, which rolls
 * to a new file once it reaches the segment size. A failed write is truncated away before
 * anything else is written, so a disk error never leaves a half record between good ones.
 */
export class SegmentedLog {
  /** Bytes of the current segment that hold complete, durable records. */
  private end: number;
  /** Bytes past `end` may hold the remains of a failed write. */
  private dirty = false;

  constructor(
    private readonly dir: string,
    private readonly fileSystem: FileSystem,
    private readonly segmentBytes: number,
    private readonly files: Map<number, StoreFile>,
    private current: number,
    end: number,
  ) {
    this.end = end;
  }

  pathOf(segment: number): string {
    return join(this.dir, segmentName(segment));
  }

  /** Whether `length` more bytes belong in the current segment (a record larger than a segment gets one of its own). */
  fits(length: number): boolean {
    return this.end === 0 || this.end + length <= this.segmentBytes;
  }

  async roll(): Promise<void> {
    await this.clean();
    const next = this.current + 1;
    // `w+`: a file left by an earlier roll that failed before its directory sync is emptied.
    const file = await this.fileSystem.open(this.pathOf(next), 'w+');
    try {
      await this.fileSystem.syncDirectory(this.dir);
    } catch (error) {
      await file.close();
      throw error;
    }
    this.files.set(next, file);
    this.current = next;
    this.end = 0;
  }

  /** Appends `bytes` to the current segment and fdatasyncs; resolves to where they start. */
  async writeDurably(bytes: Buffer): Promise<RecordLocation> {
    await this.clean();
    const file = this.file(this.current);
    const offset = this.end;
    try {
      await writeFully(file, bytes, offset);
      await file.datasync();
    } catch (error) {
      this.dirty = true;
      await this.clean().catch(() => undefined); // retried before the next write
      throw error;
    }
    this.end += bytes.length;
    return { segment: this.current, offset, length: bytes.length };
  }

  read(location: RecordLocation): Promise<Buffer> {
    return readFully(this.file(location.segment), location.length, location.offset);
  }

  async close(): Promise<void> {
    for (const file of this.files.values()) await file.close();
    this.files.clear();
  }

  /** Cuts a failed write's bytes off, durably, so they cannot reappear after a crash. */
  private async clean(): Promise<void> {
    if (!this.dirty) return;
    const file = this.file(this.current);
    await file.truncate(this.end);
    await file.datasync();
    this.dirty = false;
  }

  private file(segment: number): StoreFile {
    const file = this.files.get(segment);
    if (file === undefined) throw new Error(`segment ${segment} is not open (store closed?)`);
    return file;
  }
}
