import { map, type Either } from 'fp-ts/lib/Either.js';
import type { AppendError, AppendResult, StreamsAppended, StreamWrite } from '../../domain/log/event-store.js';

export type AppendOutcome = Either<AppendError, StreamsAppended>;

/** An append waiting for its batch; the writer either settles it or fails it (a caller's bug). */
export interface PendingAppend {
  readonly parts: readonly StreamWrite[];
  /** Events over all parts. */
  readonly count: number;
  readonly settle: (outcome: AppendOutcome) => void;
  readonly fail: (bug: unknown) => void;
}

/** A one-stream append's answer, from the answer of the same append made as one part. */
export const oneStream = (outcome: AppendOutcome): Either<AppendError, AppendResult> =>
  map(({ firstPosition, lastPosition, revisions }: StreamsAppended) => ({ revision: revisions[0], firstPosition, lastPosition }))(outcome);

/**
 * Appends that arrive while a batch is being written queue up and are handed together, as the
 * next batch, to the store's writer. Only one batch is in flight at a time, so the writer decides
 * revisions and positions against what is already written plus the batch itself.
 */
export class AppendBatches {
  private queue: PendingAppend[] = [];
  private writing = false;
  private idle: (() => void)[] = [];

  constructor(
    /** Writes one batch, settling or failing every append in it. */
    private readonly write: (batch: readonly PendingAppend[]) => Promise<void>,
    /** A batch takes the queued appends up to this many events (a larger append goes alone). */
    private readonly maxBatchEvents = Number.POSITIVE_INFINITY,
  ) {}

  append(parts: readonly StreamWrite[]): Promise<AppendOutcome> {
    const count = parts.reduce((sum, part) => sum + part.events.length, 0);
    return new Promise((settle, fail) => {
      this.queue.push({ parts, count, settle, fail });
      if (!this.writing) {
        this.writing = true;
        // A microtask later, so appends issued in the same tick share the first batch too.
        queueMicrotask(() => void this.writeQueued());
      }
    });
  }

  /** Resolves once every queued append is settled. */
  drained(): Promise<void> {
    return this.writing ? new Promise((resolve) => this.idle.push(resolve)) : Promise.resolve();
  }

  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) await this.write(this.nextBatch());
    this.writing = false;
    for (const resolve of this.idle.splice(0)) resolve();
  }

  private nextBatch(): PendingAppend[] {
    let count = 0;
    let take = 0;
    while (take < this.queue.length && (take === 0 || count + this.queue[take].count <= this.maxBatchEvents)) {
      count += this.queue[take].count;
      take += 1;
    }
    return this.queue.splice(0, take);
  }
}
