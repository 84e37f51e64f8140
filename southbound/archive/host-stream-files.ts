import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A host's stream file name: the id escaped, so any id is one file of the folder. */
export const streamFileOf = (hostId: string): string => `${encodeURIComponent(hostId)}.ndjson`;

/** Bytes `from` up to `to` of a file. */
export interface FileSpan {
  readonly path: string;
  readonly from: number;
  readonly to: number;
}

/** Turns the texts of frames into the bytes written for each. */
type FrameEncoding = (texts: string[]) => Promise<Buffer[]>;

const plain: FrameEncoding = async (texts) => texts.map((text) => Buffer.from(text));

interface Frame {
  readonly lines: string[];
  /** Told the frame's offset in the file once it is written. */
  readonly onWritten?: (offset: number) => void;
}

/**
 * One append-only file per host in a folder, written in batches: lines wait in memory until the
 * owner (or a reader) flushes, then go out in order, one append per host. A host's lines form
 * frames, each encoded on its own (plain text by default, so the file is the NDJSON itself): the
 * owner cuts a frame where it wants to start reading later, and learns where that frame landed.
 * Writes run in the background; the first failure is kept and every later flush or read gives it.
 */
export class HostStreamFiles {
  private waiting = new Map<string, Frame[]>();
  private pendingChars = 0;
  private writing: Promise<void> = Promise.resolve();
  failure?: Error;

  constructor(
    readonly dir: string,
    private readonly encode: FrameEncoding = plain,
    /** Bytes each host's file holds once everything flushed so far is written (for files written before). */
    private readonly sizes = new Map<string, number>(),
  ) {}

  append(hostId: string, line: string): void {
    const frames = this.waiting.get(hostId);
    if (frames) frames[frames.length - 1].lines.push(line);
    else this.waiting.set(hostId, [{ lines: [line] }]);
    this.pendingChars += line.length;
  }

  /** Ends the host's current frame: the next line appended begins one, whose offset `onWritten` is told. */
  cut(hostId: string, onWritten: (offset: number) => void): void {
    const frames = this.waiting.get(hostId);
    const next: Frame = { lines: [], onWritten };
    if (!frames) this.waiting.set(hostId, [next]);
    else if (frames[frames.length - 1].lines.length === 0) frames[frames.length - 1] = next;
    else frames.push(next);
  }

  /** Characters of lines waiting for the next flush. */
  get pending(): number {
    return this.pendingChars;
  }

  /** Bytes in the host's file, as far as it is written. */
  sizeOf(hostId: string): number {
    return this.sizes.get(hostId) ?? 0;
  }

  /** Writes out what is pending; resolves, once every line appended so far is in its file, with each file's size then. */
  flush(): Promise<ReadonlyMap<string, number>> {
    const batch = this.waiting;
    this.waiting = new Map();
    this.pendingChars = 0;
    const hosts = [...batch];
    // A reader's flush with nothing waiting only waits for the writes under way.
    if (hosts.length === 0) return this.writing.then(() => new Map(this.sizes));
    const encoded = this.encode(hosts.flatMap(([, frames]) => frames.map((frame) => frame.lines.join('')))).then((all) => {
      let next = 0;
      return hosts.map(([hostId, frames]) => ({ hostId, frames, bytes: frames.map(() => all[next++]) }));
    });
    encoded.catch(() => undefined); // awaited below, unless an earlier write failed
    const written = this.writing.then(async () => {
      if (this.failure) throw this.failure;
      try {
        // Each append opens its file: several at once keep the disk threads busy.
        await Promise.all(
          (await encoded).map(async ({ hostId, frames, bytes }) => {
            let offset = this.sizeOf(hostId);
            await appendFile(join(this.dir, streamFileOf(hostId)), Buffer.concat(bytes));
            frames.forEach((frame, i) => {
              frame.onWritten?.(offset);
              offset += bytes[i].length;
            });
            this.sizes.set(hostId, offset);
          }),
        );
        return new Map(this.sizes);
      } catch (error) {
        this.failure = error as Error;
        throw error;
      }
    });
    this.writing = written.then(() => undefined);
    this.writing.catch(() => undefined); // the failure is kept, and given to whoever flushes or reads next
    return written;
  }

  /** Where a host's file holds bytes `from` up to `to` (its end if not given), once everything appended so far is written. */
  async span(hostId: string, from: number, to?: number): Promise<FileSpan> {
    await this.flush();
    return { path: join(this.dir, streamFileOf(hostId)), from, to: to ?? this.sizeOf(hostId) };
  }
}
