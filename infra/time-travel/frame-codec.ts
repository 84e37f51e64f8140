import { Worker } from 'node:worker_threads';

/**
 * Runs beside the server: zlib's one-shot calls are the fast ones for small frames (the streaming
 * ones cost a context per call), and they block, so they block this thread, not the server's.
 */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { deflateRawSync, inflateRawSync, constants } = require('node:zlib');
const DEFLATED = 0x80000000;
const framed = (text) => {
  const body = deflateRawSync(text, { level: constants.Z_BEST_SPEED });
  const frame = Buffer.allocUnsafe(4 + body.length);
  frame.writeUInt32BE((DEFLATED | body.length) >>> 0, 0);
  body.copy(frame, 4);
  return frame;
};
const unframed = (bytes) => {
  const texts = [];
  for (let at = 0; at + 4 <= bytes.length; ) {
    const head = bytes.readUInt32BE(at);
    const body = bytes.subarray(at + 4, at + 4 + (head & 0x7fffffff));
    texts.push(head & DEFLATED ? inflateRawSync(body).toString() : body.toString());
    at += 4 + body.length;
  }
  return texts.join('');
};
parentPort.on('message', ({ id, texts, bytes }) => {
  try {
    if (texts) {
      const frames = texts.map(framed);
      parentPort.postMessage({ id, frames }, frames.map((f) => f.buffer));
    } else parentPort.postMessage({ id, text: unframed(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});
`;

const plainFrame = (text: string): Buffer => {
  const frame = Buffer.allocUnsafe(4 + Buffer.byteLength(text));
  frame.writeUInt32BE(frame.length - 4, 0);
  frame.write(text, 4);
  return frame;
};

interface Waiting {
  readonly resolve: (answer: { frames?: Uint8Array[]; text?: string }) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The goal-state archive's frames: each is its length (the top bit set when deflated), then its
 * text, deflated at the fastest level when the worker thread is free (goal-state JSON repeats the
 * same keys on every entry, so that is about a tenth of the text) and as it is when the worker is
 * still busy with the frames before: then the archive takes more disk rather than queueing text
 * in memory. The worker is held alive only while a request is out.
 */
export class FrameCodec {
  /** Started on the first request: a node that never writes or reads its archive starts no thread. */
  private thread?: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private next = 0;
  private failure?: Error;

  private get worker(): Worker {
    if (this.thread) return this.thread;
    const worker = new Worker(SOURCE, { eval: true });
    worker.on('message', ({ id, error, ...answer }: { id: number; error?: string; frames?: Uint8Array[]; text?: string }) => {
      const waiting = this.waiting.get(id)!;
      this.waiting.delete(id);
      if (this.waiting.size === 0) worker.unref();
      if (error === undefined) waiting.resolve(answer);
      else waiting.reject(new Error(error));
    });
    worker.on('error', (error) => {
      this.failure = error;
      for (const waiting of this.waiting.values()) waiting.reject(error);
      this.waiting.clear();
    });
    // After the listeners: attaching one holds the process alive again.
    worker.unref();
    return (this.thread = worker);
  }

  private ask(message: { texts: string[] } | { bytes: Buffer }): Promise<{ frames?: Uint8Array[]; text?: string }> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    if (this.waiting.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  /** One frame per text, in order: deflated if the worker is free, else as they are. */
  async encode(texts: string[]): Promise<Buffer[]> {
    if (this.waiting.size > 0) return texts.map(plainFrame);
    const { frames } = await this.ask({ texts });
    return frames!.map((frame) => Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
  }

  /** The text of a run of whole frames. */
  async inflate(bytes: Buffer): Promise<string> {
    return (await this.ask({ bytes })).text!;
  }

  /** Stops the thread; a request after this is refused rather than left unanswered. */
  async close(): Promise<void> {
    this.failure = new Error('the frame codec is closed');
    await this.thread?.terminate();
  }
}
