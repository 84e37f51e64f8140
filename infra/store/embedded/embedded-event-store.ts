import type { Either } from 'fp-ts/lib/Either.js';
import type {
  AppendError,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from '../../../domain/log/event-store.js';
import { AppendBatches } from '../append-batches.js';
import { appendRefusal } from '../append-refusal.js';
import { CorruptLogError } from './corrupt-log-error.js';
import { DataDirLock } from './data-dir-lock.js';
import { nodeFileSystem, type FileSystem } from './file-system.js';
import { decodeOwnRecord, readFrame } from './framing.js';
import { GroupCommit, type DurableRecord } from './group-commit.js';
import { RecentEvents } from './recent-events.js';
import type { RecordIndex } from './record-index.js';
import { recoverLog } from './recovery.js';
import { DEFAULT_SEGMENT_BYTES, type RecordLocation, type SegmentedLog } from './segmented-log.js';
import { timedSyncs, type StoreObserver } from './store-observer.js';
import type { StreamIndex } from './stream-index.js';
import { OpenSubscriptions } from './subscription.js';

export interface EmbeddedEventStoreOptions {
  /** A segment file takes no more records once this many bytes are in it (default 64 MiB). */
  readonly segmentBytes?: number;
  /** How many of the latest events stay in memory for live subscribers (default 4096). */
  readonly recentEvents?: number;
  /** The file operations used for segments; tests wrap it to inject disk failures. */
  readonly fileSystem?: FileSystem;
  /** Hears append and fdatasync latencies and group-commit sizes (metrics). */
  readonly observer?: StoreObserver;
}

/** Catch-up reads fetch neighbouring records together, up to this many bytes per read. */
const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * The default event store: an append-only log of segment files in one data dir, with group
 * commit for durability and in-memory indexes rebuilt on open.
 */
export class EmbeddedEventStore implements EventStore {
  private head: number;
  private closing: Promise<void> | undefined;
  private readonly writer: AppendBatches;
  private readonly recent: RecentEvents;
  private readonly subscriptions = new OpenSubscriptions();

  private constructor(
    private readonly lock: DataDirLock,
    private readonly log: SegmentedLog,
    private readonly records: RecordIndex,
    private readonly streams: StreamIndex,
    head: number,
    recentEvents: number,
    private readonly observer: StoreObserver | undefined,
  ) {
    this.head = head;
    this.recent = new RecentEvents(recentEvents, head);
    const commit = new GroupCommit(
      log,
      { lastRevision: (stream) => streams.lastRevision(stream), head: () => this.head },
      (durable) => this.onDurable(durable),
    );
    this.writer = new AppendBatches((batch) => commit.write(batch));
  }

  /** Opens (creating if needed) the data dir, taking its lock and recovering the log. */
  static async open(dir: string, options: EmbeddedEventStoreOptions = {}): Promise<EmbeddedEventStore> {
    const fileSystem = options.observer
      ? timedSyncs(options.fileSystem ?? nodeFileSystem, options.observer)
      : (options.fileSystem ?? nodeFileSystem);
    await fileSystem.mkdir(dir);
    const lock = await DataDirLock.acquire(dir);
    try {
      const { log, records, streams, head } = await recoverLog(
        dir,
        fileSystem,
        options.segmentBytes ?? DEFAULT_SEGMENT_BYTES,
      );
      return new EmbeddedEventStore(lock, log, records, streams, head, options.recentEvents ?? 4096, options.observer);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<Either<AppendError, AppendResult>> {
    const refused = appendRefusal(events, this.closing !== undefined);
    if (refused) return refused;
    const observer = this.observer;
    if (!observer) return this.writer.append(stream, events, expected);
    const started = performance.now();
    return this.writer.append(stream, events, expected).then((outcome) => {
      observer.appended((performance.now() - started) / 1000, outcome._tag === 'Right' ? 'ok' : outcome.left._tag);
      return outcome;
    });
  }

  async *readStream(stream: string, fromRevision = 0): AsyncIterable<StoredEvent> {
    for (const id of this.streams.recordsFrom(stream, fromRevision)) {
      const location = this.records.location(id);
      for (const event of this.decode(await this.log.read(location), location)) {
        if (event.revision >= fromRevision) yield event;
      }
    }
  }

  async *readAll(after: number, limit = Number.POSITIVE_INFINITY): AsyncIterable<StoredEvent> {
    let remaining = limit;
    let id = this.records.find(after + 1);
    while (remaining > 0 && id < this.records.size) {
      const last = this.records.contiguousRun(id, READ_CHUNK_BYTES);
      const first = this.records.location(id);
      const end = this.records.location(last);
      const chunk = await this.log.read({
        segment: first.segment,
        offset: first.offset,
        length: end.offset + end.length - first.offset,
      });
      for (; id <= last && remaining > 0; id++) {
        const location = this.records.location(id);
        const bytes = chunk.subarray(location.offset - first.offset, location.offset - first.offset + location.length);
        for (const event of this.decode(bytes, location)) {
          if (event.position <= after) continue;
          yield event;
          if (--remaining === 0) return;
        }
      }
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const feed = {
      head: () => this.head,
      recent: (position: number) => this.recent.at(position),
      readAll: (after: number, limit: number) => this.readAll(after, limit),
    };
    return this.subscriptions.subscribe(feed, options);
  }

  headPosition(): Promise<number> {
    return Promise.resolve(this.head);
  }

  /** Settles every pending append, ends subscriptions (their onError hears why), releases the lock. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.writer.drained();
      await this.subscriptions.endAll();
      await this.log.close();
      await this.lock.release();
    })();
    return this.closing;
  }

  /** Runs in the tick the records became durable, before their appends resolve. */
  private onDurable(durable: readonly DurableRecord[]): void {
    this.observer?.committed(durable.length, durable.reduce((events, record) => events + record.count, 0));
    for (const record of durable) {
      const id = this.records.add(record.location, record.firstPosition, record.count);
      this.streams.add(record.stream, id, record.firstRevision, record.count);
      // Decoded from the bytes written, so live subscribers see exactly what a replay will.
      this.recent.push(decodeOwnRecord(record.frame));
      this.head = record.firstPosition + record.count - 1;
    }
    this.subscriptions.wake();
  }

  private decode(bytes: Buffer, location: RecordLocation): StoredEvent[] {
    const frame = readFrame(bytes, 0);
    if (!frame.ok) throw new CorruptLogError(this.log.pathOf(location.segment), location.offset, frame.reason);
    return frame.events;
  }
}
