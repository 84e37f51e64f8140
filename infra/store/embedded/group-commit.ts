import { left, right } from 'fp-ts/lib/Either.js';
import type { AppendError, StoredEvent } from '../../../domain/log/event-store.js';
import type { PendingAppend } from '../append-batches.js';
import { expectedRevisionHolds } from '../expected-revision.js';
import { encodeRecord } from './framing.js';
import type { RecordLocation, SegmentedLog } from './segmented-log.js';

/** A record now on disk: what the indexes, the live buffer and subscribers learn about. */
export interface DurableRecord {
  readonly location: RecordLocation;
  readonly stream: string;
  readonly firstRevision: number;
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
  readonly firstRevision: number;
  readonly firstPosition: number;
}

/**
 * Group commit: appends that arrive while a write and its fdatasync are under way queue up (in
 * AppendBatches), then go to disk together in one write and share one fdatasync. Only one batch is in flight,
 * so revisions and positions are decided against the durable state plus the batch itself, and
 * a failed batch has nothing to roll back.
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
    const conflicts: { pending: PendingAppend; actual: number }[] = [];
    const revisions = new Map<string, number>();
    let position = this.state.head();
    for (const pending of batch) {
      const actual = revisions.get(pending.stream) ?? this.state.lastRevision(pending.stream);
      if (!expectedRevisionHolds(pending.expected, actual)) {
        conflicts.push({ pending, actual });
        continue;
      }
      let frame: Buffer;
      try {
        frame = encodeRecord(stored(pending, actual + 1, position + 1));
      } catch (bug) {
        pending.fail(bug); // data that cannot be serialised is the caller's bug
        continue;
      }
      planned.push({ pending, frame, firstRevision: actual + 1, firstPosition: position + 1 });
      position += pending.events.length;
      revisions.set(pending.stream, actual + pending.events.length);
    }

    const failure = await this.writeRuns(planned);
    for (const { pending, actual } of conflicts) {
      pending.settle(
        failure !== undefined
          ? left(failure)
          : left({ _tag: 'WrongExpectedRevision', stream: pending.stream, expected: pending.expected, actual }),
      );
    }
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
    const records = run.map(({ pending, frame, firstRevision, firstPosition }) => {
      const record: DurableRecord = {
        location: { segment: location.segment, offset, length: frame.length },
        stream: pending.stream,
        firstRevision,
        firstPosition,
        frame,
        count: pending.events.length,
      };
      offset += frame.length;
      return record;
    });
    this.onDurable(records);
    for (const { pending, firstRevision, firstPosition } of run) {
      const count = pending.events.length;
      pending.settle(
        right({ revision: firstRevision + count - 1, firstPosition, lastPosition: firstPosition + count - 1 }),
      );
    }
  }
}

function stored(pending: PendingAppend, firstRevision: number, firstPosition: number): StoredEvent[] {
  return pending.events.map((event, i) => ({
    position: firstPosition + i,
    stream: pending.stream,
    revision: firstRevision + i,
    type: event.type,
    version: event.version,
    data: event.data,
    metadata: event.metadata,
  }));
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== undefined && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
