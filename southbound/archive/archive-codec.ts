import { Worker } from 'node:worker_threads';
import type { EncodedGoalState } from '../index.js';
import type { FoldedGoalState } from './archive-records.js';
import type { FileSpan } from './host-stream-files.js';
import { AnswerMemory } from './answer-memory.js';
import { plainFrame } from './frames.js';
import { threadScript } from '../thread-script.js';

/** What the archive asks its thread: frames for texts, a snapshot frame or a goal state folded from the frames a file holds, or the net change between two of them. */
type Question =
  | { readonly texts: string[] }
  | { readonly snapshotOf: { readonly span: FileSpan; readonly hostId: string; readonly position: number; readonly seq: number } }
  | { readonly span: FileSpan; readonly hostId: string; readonly position: number; readonly memory: SharedArrayBuffer }
  | {
      readonly change: { readonly hostId: string; readonly before: FileSpan; readonly from: number; readonly after: FileSpan; readonly to: number };
      readonly memory: SharedArrayBuffer;
    };

export type CodecRequest = Question & { readonly id: number };

export interface CodecAnswer {
  readonly id: number;
  readonly frames?: Uint8Array[];
  /** Bytes of a snapshot record's text, before it is deflated (its frame is the one of `frames`). */
  readonly snapshotBytes?: number;
  readonly goalState?: PlacedBytes & { readonly checksum: string; readonly entriesPerKind: FoldedGoalState['entriesPerKind'] };
  /** The JSON of the ops of a net change. */
  readonly change?: PlacedBytes;
  readonly error?: string;
}

interface Waiting {
  readonly resolve: (answer: CodecAnswer) => void;
  readonly reject: (error: Error) => void;
}

/** An answer's bytes: `length` of them at the start of the memory given, or in `utf8` (handed over) if they did not fit. */
export interface PlacedBytes {
  readonly utf8?: Uint8Array;
  readonly length: number;
}

/** Bytes that may lie in memory used again: `release` once nothing reads them any more (not releasing only costs speed). */
export interface AnswerBytes {
  readonly utf8: Buffer;
  readonly release: () => void;
}

/** A goal state read from the archive: its canonical JSON, checksum, and entries per kind. */
export type ArchivedGoalState = EncodedGoalState & Pick<FoldedGoalState, 'entriesPerKind'> & AnswerBytes;

/** Batches of frames given to the thread at once at most: past that, text would queue in memory. */
const ENCODES_IN_FLIGHT = 3;

/** The one thread of a process, shared by its archives: each start costs a bundling of its modules. */
class CodecThread {
  // A small young generation: batches of records pass through by the megabyte, and with V8's
  // default the thread's heap settled about 45 MB higher for no speed that could be measured.
  private readonly worker = new Worker(threadScript('archive-thread', import.meta.url), { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  private readonly waiting = new Map<number, Waiting>();
  private next = 0;
  failure?: Error;

  constructor() {
    this.worker.on('message', (answer: CodecAnswer) => {
      const waiting = this.waiting.get(answer.id)!;
      this.waiting.delete(answer.id);
      if (this.waiting.size === 0) this.worker.unref();
      if (answer.error === undefined) waiting.resolve(answer);
      else waiting.reject(new Error(answer.error));
    });
    this.worker.on('error', (error) => {
      this.failure = error;
      for (const waiting of this.waiting.values()) waiting.reject(error);
      this.waiting.clear();
    });
    // After the listeners: attaching one holds the process alive again. Held only while a request is out.
    this.worker.unref();
  }

  ask(question: Question): Promise<CodecAnswer> {
    if (this.waiting.size === 0) this.worker.ref();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...question, id });
    });
  }
}

let shared: CodecThread | undefined;

/** The process's codec thread, started on first use, and again after one that failed. */
const codecThread = (): CodecThread => {
  if (!shared || shared.failure) shared = new CodecThread();
  return shared;
};

/**
 * The goal-state archive's thread, seen from one archive: frames deflated there while it keeps up
 * (as they are when it has a few batches to deflate already: then the archive takes more disk
 * rather than queueing text in memory), and goal states and their net changes folded from them,
 * written into memory this side keeps for answers.
 */
export class ArchiveCodec {
  private encoding = 0;
  private closed = false;
  private readonly answers = new AnswerMemory();

  private ask(question: Question): Promise<CodecAnswer> {
    // A node that never writes or reads its archive starts no thread.
    return this.closed ? Promise.reject(new Error('the archive codec is closed')) : codecThread().ask(question);
  }

  /** One frame per text, in order: deflated unless the thread has a few batches to deflate already, else as they are. */
  async encode(texts: string[]): Promise<Buffer[]> {
    if (this.encoding >= ENCODES_IN_FLIGHT) return texts.map(plainFrame);
    this.encoding += 1;
    try {
      const { frames } = await this.ask({ texts });
      return frames!.map((frame) => Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
    } finally {
      this.encoding -= 1;
    }
  }

  /**
   * The frame of a host's snapshot record after `position`, at its diff `seq`, folded from the
   * records in `span` (its last snapshot and the diffs since; see snapshotOfRecords), deflated,
   * and the bytes of its text.
   */
  async snapshot(span: FileSpan, hostId: string, position: number, seq: number): Promise<{ frame: Buffer; bytes: number }> {
    const { frames, snapshotBytes } = await this.ask({ snapshotOf: { span, hostId, position, seq } });
    const [frame] = frames!;
    return { frame: Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength), bytes: snapshotBytes! };
  }

  /**
   * A host's goal state after `position` as canonical JSON, folded from the frames of its records
   * in `span` (see foldRecords); the thread reads them, so they never pass through this heap.
   */
  async fold(span: FileSpan, hostId: string, position: number): Promise<ArchivedGoalState> {
    const { answer, bytes } = await this.askWithMemory((memory) => ({ span, hostId, position, memory }), (answer) => answer.goalState!);
    const { checksum, entriesPerKind } = answer.goalState!;
    return { ...bytes, checksum, entriesPerKind };
  }

  /** The net change of a host's goal state from `from` to `to` as the JSON of its ops, from the frames of its records in each span (see netChangeOfRecords). */
  async change(hostId: string, before: FileSpan, from: number, after: FileSpan, to: number): Promise<AnswerBytes> {
    return (await this.askWithMemory((memory) => ({ change: { hostId, before, from, after, to }, memory }), (answer) => answer.change!)).bytes;
  }

  /** Asks a question whose answer the thread writes into memory taken for it: the answer, and its bytes with their release. */
  private async askWithMemory(
    question: (memory: SharedArrayBuffer) => Question,
    placed: (answer: CodecAnswer) => PlacedBytes,
  ): Promise<{ answer: CodecAnswer; bytes: AnswerBytes }> {
    const memory = this.answers.take();
    let answer: CodecAnswer;
    try {
      answer = await this.ask(question(memory));
    } catch (error) {
      this.answers.give(memory, 0);
      throw error;
    }
    const { utf8, length } = placed(answer);
    let released = false;
    return {
      answer,
      bytes: {
        utf8: utf8 ? Buffer.from(utf8.buffer, utf8.byteOffset, utf8.byteLength) : Buffer.from(memory, 0, length),
        // Once only: memory given back twice could be taken by two reads at once.
        release: () => {
          if (!released) this.answers.give(memory, length);
          released = true;
        },
      },
    };
  }

  /** Refuses later requests (the thread stays, idle and not holding the process, for other archives). */
  close(): void {
    this.closed = true;
  }
}
