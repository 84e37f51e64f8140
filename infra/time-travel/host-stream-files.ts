import { appendFile, open } from 'node:fs/promises';
import { join } from 'node:path';

/** A host's stream file name: the id escaped, so any id is one file of the folder. */
export const streamFileOf = (hostId: string): string => `${encodeURIComponent(hostId)}.ndjson`;

/**
 * One append-only NDJSON file per host in a folder, written in batches: lines wait in memory until
 * the owner (or a reader) flushes, then go out in order, one append per host.
 * Writes run in the background; the first failure is kept and every later flush or read gives it.
 */
export class HostStreamFiles {
  private waiting = new Map<string, string[]>();
  private pendingBytes = 0;
  private writing: Promise<void> = Promise.resolve();
  failure?: Error;

  constructor(
    readonly dir: string,
    /** Bytes each host's file will hold once everything pending is written (what the files already hold, for files written before). */
    private readonly sizes = new Map<string, number>(),
  ) {}

  append(hostId: string, line: string): void {
    const lines = this.waiting.get(hostId);
    if (lines) lines.push(line);
    else this.waiting.set(hostId, [line]);
    const bytes = Buffer.byteLength(line);
    this.sizes.set(hostId, this.sizeOf(hostId) + bytes);
    this.pendingBytes += bytes;
  }

  /** Bytes of lines waiting for the next flush. */
  get pending(): number {
    return this.pendingBytes;
  }

  sizeOf(hostId: string): number {
    return this.sizes.get(hostId) ?? 0;
  }

  /** Writes out what is pending; resolves once every line appended so far is in its file. */
  flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = new Map();
    this.pendingBytes = 0;
    this.writing = this.writing.then(async () => {
      if (this.failure) throw this.failure;
      try {
        // Each append opens its file: several at once keep the disk threads busy.
        await Promise.all([...batch].map(([hostId, lines]) => appendFile(join(this.dir, streamFileOf(hostId)), lines.join(''))));
      } catch (error) {
        this.failure = error as Error;
        throw error;
      }
    });
    return this.writing;
  }

  /** The bytes of a host's file from `from` up to `to` (its end if not given), everything appended so far included. */
  async read(hostId: string, from: number, to = this.sizeOf(hostId)): Promise<string> {
    await this.flush();
    if (to <= from) return '';
    const file = await open(join(this.dir, streamFileOf(hostId)), 'r');
    try {
      const buffer = Buffer.alloc(to - from);
      const { bytesRead } = await file.read(buffer, 0, buffer.length, from);
      return buffer.toString('utf8', 0, bytesRead);
    } finally {
      await file.close();
    }
  }
}
