import { randomUUID } from 'node:crypto';
import * as t from 'io-ts';
import { isRight, left, right, type Either } from 'fp-ts/lib/Either.js';
import type {
  AppendError,
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  StreamsAppended,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '../../../domain/log/event-store.js';
import { oneStream } from '../append-batches.js';
import { appendRefusal } from '../append-refusal.js';
import type { LogClient, LogPosition, LogRecord } from './log-client.js';
import { storedEvent } from '../../../domain/log/recorded-event.js';

/** What the adapter keeps beside an event's data in EventStoreDB's metadata. */
interface Envelope {
  readonly version: number;
  readonly metadata: EventMetadata;
}

const PAGE = 1000;
/** The stream holding the log's id, and its event's type (a `$` type: never one of the log's events). */
const LOG_ID_STREAM = 'netledger-log-identity';
const LOG_ID_TYPE = '$netledger-log-created';
const logIdData = t.type({ id: t.string });
/** A dropped subscription is resumed after this long, doubling up to the max. */
const RETRY_MS = { first: 100, max: 2_000 };

/**
 * The event log in EventStoreDB (or KurrentDB), through a LogClient.
 *
 * Global position: an event's prepare position, a byte offset in the server's transaction log.
 * The commit position would be the natural choice, but the events of one append share it; the
 * prepare position is unique per event and increases in $all order. Either fits a JS number
 * exactly for any realistic log (2^53 bytes is 8 PiB). To read after position p, the adapter
 * first finds where p's append began (its commit position, one backward read), reads from there
 * and skips what is not after p, so only positions that exist in the log are sent to the server.
 */
export class EventStoreDbEventStore implements EventStore {
  private closed = false;
  private readonly subscriptions = new Set<{ end(reason: Error): Promise<void> }>();

  /**
   * `streamPrefix` keeps several logs apart on one server (EventStoreDB has no databases):
   * streams are stored under it, and reads of all events see only its streams.
   */
  constructor(
    private readonly client: LogClient,
    private readonly streamPrefix = '',
  ) {}

  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<Either<AppendError, AppendResult>> {
    return this.appendToStreams([{ stream, events, expected }]).then(oneStream);
  }

  /**
   * EventStoreDB's client appends to one stream at a time, so an append across streams is not
   * atomic here. The parts that only check a stream go first (an empty append, which the server
   * checks against the expected revision), then the written parts in order, each with its
   * expected revision. That keeps every cross-stream rule only while one node writes the log
   * (its lanes make check and write one step) and nothing stops between two parts: a crash, or
   * the server going away, between two written parts leaves the first ones in the log (a
   * segmentation id reserved for a network never created, part of a bulk create). The README says
   * so; run PostgreSQL or the embedded log where that matters.
   */
  async appendToStreams(parts: readonly StreamWrite[]): Promise<Either<AppendError, StreamsAppended>> {
    const refused = appendRefusal<StreamsAppended>(parts, this.closed);
    if (refused) return refused;
    const order = [...parts.keys()].sort((a, b) => Number(parts[a].events.length > 0) - Number(parts[b].events.length > 0));
    const revisions: number[] = new Array(parts.length);
    const positions: number[] = [];
    for (const i of order) {
      const { stream, events, expected } = parts[i];
      const result = await this.client.append(
        this.streamPrefix + stream,
        events.map((event) => ({ type: event.type, data: event.data, metadata: { version: event.version, metadata: event.metadata } satisfies Envelope })),
        expected,
      );
      if (result.outcome === 'unavailable') return left({ _tag: 'StoreUnavailable', reason: result.reason });
      if (result.outcome === 'wrong_revision')
        return left({ _tag: 'WrongExpectedRevision', stream, expected, actual: result.actual === 'no_stream' ? -1 : Number(result.actual) });
      revisions[i] = Number(result.nextRevision);
      if (events.length === 0) continue;
      const [first, last] = await Promise.all([this.eventAt(stream, revisions[i] - events.length + 1), this.eventAt(stream, revisions[i])]);
      positions.push(first.position, last.position);
    }
    return right({ firstPosition: Math.min(...positions), lastPosition: Math.max(...positions), revisions });
  }

  async *readStream(stream: string, fromRevision = 0): AsyncIterable<StoredEvent> {
    for (let from = BigInt(fromRevision); ; ) {
      let count = 0;
      for await (const record of this.client.readStream(this.streamPrefix + stream, from, PAGE)) {
        count += 1;
        from = record.revision + 1n;
        yield this.storedEvent(record);
      }
      if (count < PAGE) return;
    }
  }

  async *readAll(after: number, limit = Number.POSITIVE_INFINITY): AsyncIterable<StoredEvent> {
    let remaining = limit;
    let from = await this.appendStartAtOrBefore(after);
    while (remaining > 0) {
      let count = 0;
      let lastSeen: LogPosition | undefined;
      for await (const record of this.client.readAll(from, 'forwards', PAGE)) {
        count += 1;
        lastSeen = record.position;
        if (!this.ours(record) || Number(record.position.prepare) <= after) continue;
        after = Number(record.position.prepare);
        yield this.storedEvent(record);
        if (--remaining === 0) return;
      }
      if (count < PAGE || lastSeen === undefined) return;
      from = lastSeen; // reads are inclusive of their start: the event at it is skipped above
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    let stopped = false;
    let current: { close(): Promise<void> } | undefined;
    const handle = {
      end: async (reason: Error) => {
        const wasRunning = !stopped;
        await close();
        if (wasRunning) options.onError?.(reason);
      },
    };
    const follow = async () => {
      await null; // handlers never run before subscribeToAll has returned
      let last = options.after;
      let head: number | undefined;
      let wait = RETRY_MS.first;
      const reached = (position: number) => {
        if (head === undefined || position < head) return;
        head = Number.POSITIVE_INFINITY;
        options.onCaughtUp?.(position);
      };
      while (!stopped) {
        try {
          head ??= await this.headPosition();
          reached(last);
          const subscription = this.client.subscribeToAll(await this.appendStartAtOrBefore(last), this.streamPrefix);
          current = subscription;
          for await (const record of subscription) {
            if (stopped) break;
            if (!this.ours(record) || Number(record.position.prepare) <= last) continue;
            const failure = await deliver(options, this.storedEvent(record));
            if (failure !== undefined) {
              stopped = true;
              this.subscriptions.delete(handle);
              options.onError?.(failure);
              await subscription.close();
              return;
            }
            last = Number(record.position.prepare);
            wait = RETRY_MS.first;
            reached(last);
          }
        } catch {
          // The server went away or dropped us: resubscribe after the last event delivered.
          await new Promise((resolve) => setTimeout(resolve, wait));
          wait = Math.min(wait * 2, RETRY_MS.max);
        }
      }
    };
    const running = follow();
    const close = async () => {
      stopped = true;
      this.subscriptions.delete(handle);
      await current?.close();
      await running;
    };
    this.subscriptions.add(handle);
    return { close };
  }

  /**
   * EventStoreDB has no place for a log's own data but streams: the id is the first event of a
   * stream of its own, of a `$` type, so that no read of the log (which skips the server's and
   * such `$` events) ever sees it. The first node to open the log writes it; a second one losing
   * that race reads the winner's.
   */
  async logId(): Promise<string> {
    const stream = this.streamPrefix + LOG_ID_STREAM;
    for (let attempt = 0; attempt < 2; attempt++) {
      for await (const record of this.client.readStream(stream, 0n, 1)) {
        const data = logIdData.decode(record.data);
        if (isRight(data)) return data.right.id;
        throw new Error(`EventStoreDB: ${stream} holds no log id`);
      }
      if (attempt > 0) break;
      const outcome = await this.client.append(stream, [{ type: LOG_ID_TYPE, data: { id: randomUUID() }, metadata: {} }], 'no_stream');
      if (outcome.outcome === 'unavailable') throw new Error(`EventStoreDB: ${outcome.reason}`);
    }
    throw new Error(`EventStoreDB: ${stream} is empty right after its append`);
  }

  async headPosition(): Promise<number> {
    for await (const record of this.client.readAll('end', 'backwards', Number.MAX_SAFE_INTEGER)) {
      if (this.ours(record)) return Number(record.position.prepare);
    }
    return 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const reason = new Error('the event store was closed');
    await Promise.all([...this.subscriptions].map((subscription) => subscription.end(reason)));
    await this.client.close();
  }

  private async eventAt(stream: string, revision: number): Promise<StoredEvent> {
    for await (const record of this.client.readStream(this.streamPrefix + stream, BigInt(revision), 1)) return this.storedEvent(record);
    throw new Error(`EventStoreDB: ${stream}@${revision} missing right after its append`);
  }

  /** Where the append holding position `after` began (or any earlier append's start). */
  private async appendStartAtOrBefore(after: number): Promise<LogPosition | 'start'> {
    if (after <= 0) return 'start';
    const at = BigInt(after);
    for await (const record of this.client.readAll({ commit: at, prepare: at }, 'backwards', 1)) {
      return { commit: record.position.commit, prepare: record.position.commit };
    }
    return 'start';
  }

  private ours(record: LogRecord): boolean {
    return !record.system && record.stream.startsWith(this.streamPrefix);
  }

  /** A resolved event as the event it holds, decoded: its metadata is the envelope this adapter wrote, or anything. */
  private storedEvent(record: LogRecord): StoredEvent {
    const envelope: Partial<Record<keyof Envelope, unknown>> = typeof record.metadata === 'object' && record.metadata !== null ? record.metadata : {};
    return storedEvent({
      position: Number(record.position.prepare),
      stream: record.stream.slice(this.streamPrefix.length),
      revision: Number(record.revision),
      type: record.type,
      version: envelope.version,
      data: record.data,
      metadata: envelope.metadata,
    });
  }
}

/** Calls the handler; an error it throws ends the subscription and is returned. */
async function deliver(options: SubscribeOptions, event: StoredEvent): Promise<Error | undefined> {
  try {
    await options.onEvent(event);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
