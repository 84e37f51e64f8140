import { appendFile, open, type FileHandle } from 'node:fs/promises';
import { setImmediate } from 'node:timers/promises';
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

/** Appends under way at once: two of libuv's four disk threads, the others left to the log. */
const WRITERS = 2;

/**
 * Hosts' files kept open between flushes, the first written: an append to one is one write, not
 * an open, a write and a close, each a call into libuv and a callback here. The others are opened
 * for each append: a flush writes every host in turn, so closing the least recently written to
 * open another would close each file just before it is written again.
 */
const OPEN_FILES = 512;

/** Characters of frames joined and handed to the encoding in one turn of the event loop at most (a host's frames go together). */
const SLICE_CHARS = 256 * 1024;

/** Makes a frame's bytes from the host's file as written before it (the whole file, from 0). */
export type FrameMaker = (file: FileSpan) => Promise<Buffer>;

interface Frame {
  readonly lines: string[];
  /** Told the frame's offset in the file once it is written. */
  readonly onWritten?: (offset: number) => void;
  /** A frame made when its turn to be written comes, not of lines. */
  readonly made?: FrameMaker;
}

const charsOf = (frames: readonly Frame[]): number => {
  let chars = 0;
  for (const { lines } of frames) for (const line of lines) chars += line.length;
  return chars;
};

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
  /** Files kept open, by path. */
  private readonly handles = new Map<string, Promise<FileHandle>>();
  failure?: Error;

  constructor(
    readonly dir: string,
    private readonly encode: FrameEncoding = plain,
    /** Bytes each host's file holds once everything flushed so far is written (for files written before). */
    private readonly sizes = new Map<string, number>(),
  ) {}

  append(hostId: string, line: string): void {
    const frames = this.waiting.get(hostId);
    const last = frames?.at(-1);
    if (last && !last.made) last.lines.push(line);
    else if (frames) frames.push({ lines: [line] });
    else this.waiting.set(hostId, [{ lines: [line] }]);
    this.pendingChars += line.length;
  }

  /**
   * Appends a frame whose bytes `make` gives once everything before it in the host's file is
   * written; `onWritten` is told where it lands. The next line appended begins a frame of its own.
   */
  appendMade(hostId: string, make: FrameMaker, onWritten: (offset: number) => void): void {
    const frames = this.waiting.get(hostId);
    const frame: Frame = { lines: [], onWritten, made: make };
    if (!frames) this.waiting.set(hostId, [frame]);
    else if (frames[frames.length - 1].lines.length === 0 && !frames[frames.length - 1].made) frames[frames.length - 1] = frame;
    else frames.push(frame);
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
    const encoded = this.encodeInSlices(hosts);
    encoded.catch(() => undefined); // awaited below, unless an earlier write failed
    const written = this.writing.then(async () => {
      if (this.failure) throw this.failure;
      try {
        const files = await encoded;
        let next = 0;
        // A few appends at a time, not all: each is an open, a write and a close on libuv's four
        // disk threads, and the log's write and fdatasync, which a command's answer waits for,
        // would queue behind a thousand hosts' of them.
        const writer = async () => {
          while (next < files.length) await this.write(files[next++]);
        };
        await Promise.all(Array.from({ length: WRITERS }, writer));
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

  /** Appends a host's frames to its file: those of lines at once, up to a made frame, which is made once they are written. */
  private async write({ hostId, frames, bytes }: { hostId: string; frames: Frame[]; bytes: (Buffer | undefined)[] }): Promise<void> {
    const path = join(this.dir, streamFileOf(hostId));
    let start = 0;
    const writeUpTo = async (end: number) => {
      if (end === start) return;
      let offset = this.sizeOf(hostId);
      const run = bytes.slice(start, end) as Buffer[];
      await this.appendTo(path, Buffer.concat(run));
      run.forEach((written, i) => {
        frames[start + i].onWritten?.(offset);
        offset += written.length;
      });
      this.sizes.set(hostId, offset);
      start = end;
    };
    for (let i = 0; i < frames.length; i++) {
      const { made } = frames[i];
      if (!made) continue;
      await writeUpTo(i);
      bytes[i] = await made({ path, from: 0, to: this.sizeOf(hostId) });
    }
    await writeUpTo(frames.length);
  }

  /** Writes all of `bytes` at the end of the file at `path`, through its open file. */
  private async appendTo(path: string, bytes: Buffer): Promise<void> {
    let file = this.handles.get(path);
    if (!file) {
      if (this.handles.size >= OPEN_FILES) return appendFile(path, bytes);
      file = open(path, 'a');
      this.handles.set(path, file);
      file.catch(() => this.handles.delete(path));
    }
    const handle = await file;
    for (let written = 0; written < bytes.length; ) written += (await handle.write(bytes, written)).bytesWritten;
  }

  /** Writes out what is pending, then closes the files (appending later opens them again). */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      const files = [...this.handles.values()];
      this.handles.clear();
      await Promise.all(files.map((file) => file.then((opened) => opened.close()).catch(() => undefined)));
    }
  }

  /**
   * The hosts' frames encoded a slice at a time, each slice in a turn of its own: the flush comes
   * due while an event is folded, and joining megabytes of lines there would hold that event's
   * answer, and every other, for as long.
   */
  private async encodeInSlices(hosts: readonly [string, Frame[]][]) {
    const encoded: { hostId: string; frames: Frame[]; bytes: (Buffer | undefined)[] }[] = [];
    for (let start = 0; start < hosts.length; ) {
      let end = start;
      for (let chars = 0; end < hosts.length && (end === start || chars < SLICE_CHARS); end++) chars += charsOf(hosts[end][1]);
      await setImmediate();
      const slice = hosts.slice(start, end);
      const all = await this.encode(slice.flatMap(([, frames]) => frames.filter((frame) => !frame.made).map((frame) => frame.lines.join(''))));
      let next = 0;
      for (const [hostId, frames] of slice) encoded.push({ hostId, frames, bytes: frames.map((frame) => (frame.made ? undefined : all[next++])) });
      start = end;
    }
    return encoded;
  }

  /** Where a host's file holds bytes `from` up to `to` (its end if not given), once everything appended so far is written. */
  async span(hostId: string, from: number, to?: number): Promise<FileSpan> {
    await this.flush();
    return { path: join(this.dir, streamFileOf(hostId)), from, to: to ?? this.sizeOf(hostId) };
  }
}
