import { left, right } from 'fp-ts/lib/Either.js';
import type { AppendError, StoredEvent, StreamWrite } from '../../../domain/log/event-store.js';
import type { PendingAppend } from '../append-batches.js';
import { wrongRevision } from '../expected-revision.js';
import { encodeRecord } from './framing.js';
import type { RecordLocation, SegmentedLog } from './segmented-log.js';

/** A record now on disk: what the indexes, the live buffer and subscribers learn about. */
export interface DurableRecord {
  readonly location: RecordLocation;
  readonly firstPosition: number;
  readonly frame: Buffer;
  readonly count: number;
}

/** What the writer needs to know about the durable log. */
interface DurableState {
  lastRevision(stream: string): number;
  head(): number;
}

interface PlannedAppend {
  readonly pending: PendingAppend;
  readonly frame: Buffer;
  readonly firstPosition: number;
  readonly revisions: readonly number[];
}

/**
 * Group commit: appends that arrive while a write and its fdatasync are under way queue up (in
 * AppendBatches), then go to disk together in one write and share one fdatasync. Only one batch is in flight,
 * so revisions and positions are decided against the durable state plus the batch itself, and
 * a failed batch has nothing to roll back. An append is one record whatever the number of
 * streams it writes, so a torn write drops all of it or none.
 */
export class GroupCommit {
  constructor(
    private readonly log: SegmentedLog,
    private readonly state: DurableState,
    private readonly onDurable: (records: readonly DurableRecord[]) => void,
  ) {}

  /** Writes one batch of AppendBatches, settling or failing each of its appends. */
  async write(batch: readonly PendingAppend[]): Promise<void> {
    const planned: PlannedAppend[] = [];
    const conflicts: { pending: PendingAppend; refusal: AppendError }[] = [];
    const revisions = new Map<string, number>();
    const revisionOf = (stream: string) => revisions.get(stream) ?? this.state.lastRevision(stream);
    let position = this.state.head();
    for (const pending of batch) {
      const refusal = wrongRevision(pending.parts, revisionOf);
      if (refusal) {
        conflicts.push({ pending, refusal });
        continue;
      }
      let frame: Buffer;
      const events = stored(pending.parts, revisionOf, position + 1);
      try {
        frame = encodeRecord(events);
      } catch (bug) {
        pending.fail(bug); // data that cannot be serialised is the caller's bug
        continue;
      }
      const after = pending.parts.map((part) => revisionOf(part.stream) + part.events.length);
      pending.parts.forEach((part, i) => revisions.set(part.stream, after[i]));
      planned.push({ pending, frame, firstPosition: position + 1, revisions: after });
      position += pending.count;
    }

    const failure = await this.writeRuns(planned);
    for (const { pending, refusal } of conflicts) pending.settle(left(failure ?? refusal));
  }

  /** Writes the planned records, one write and one fdatasync per segment touched. */
  private async writeRuns(planned: readonly PlannedAppend[]): Promise<AppendError | undefined> {
    let start = 0;
    while (start < planned.length) {
      let end = start;
      let bytes = 0;
      try {
        if (!this.log.fits(planned[start].frame.length)) await this.log.roll();
        while (end < planned.length && (end === start || this.log.fits(bytes + planned[end].frame.length))) {
          bytes += planned[end].frame.length;
          end += 1;
        }
        const run = planned.slice(start, end);
        const location = await this.log.writeDurably(Buffer.concat(run.map((p) => p.frame), bytes));
        this.commit(run, location);
      } catch (error) {
        const failure: AppendError = { _tag: 'StoreUnavailable', reason: describe(error) };
        for (const { pending } of planned.slice(start)) pending.settle(left(failure));
        return failure;
      }
      start = end;
    }
    return undefined;
  }

  private commit(run: readonly PlannedAppend[], location: RecordLocation): void {
    let offset = location.offset;
    const records = run.map(({ pending, frame, firstPosition }) => {
      const record: DurableRecord = {
        location: { segment: location.segment, offset, length: frame.length },
        firstPosition,
        frame,
        count: pending.count,
      };
      offset += frame.length;
      return record;
    });
    this.onDurable(records);
    for (const { pending, firstPosition, revisions } of run)
      pending.settle(right({ firstPosition, lastPosition: firstPosition + pending.count - 1, revisions }));
  }
}

function stored(parts: readonly StreamWrite[], revisionOf: (stream: string) => number, firstPosition: number): StoredEvent[] {
  let position = firstPosition;
  return parts.flatMap((part) => {
    const first = revisionOf(part.stream) + 1;
    return part.events.map((event, i) => ({
      position: position++,
      stream: part.stream,
      revision: first + i,
      type: event.type,
      version: event.version,
      data: event.data,
      metadata: event.metadata,
    }));
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== undefined && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
