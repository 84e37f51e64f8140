import { join } from 'node:path';
import { left, type Either } from 'fp-ts/lib/Either.js';
import type {
  AppendError,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  StreamsAppended,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '../../../domain/log/event-store.js';
import { AppendBatches, oneStream } from '../append-batches.js';
import { appendRefusal } from '../append-refusal.js';
import { CorruptLogError } from './corrupt-log-error.js';
import { checkCovered } from './covered-check.js';
import { DataDirLock } from './data-dir-lock.js';
import { nodeFileSystem, type FileSystem } from './file-system.js';
import { decodeOwnRecord, FRAME_HEADER_BYTES, readFrame } from './framing.js';
import { logIdIn } from './log-id-file.js';
import { GroupCommit, type DurableRecord } from './group-commit.js';
import { IndexSaves } from './index-saves.js';
import { RecentEvents } from './recent-events.js';
import type { RecordIndex, SegmentEnd } from './record-index.js';
import { recoverLog } from './recovery.js';
import { INDEX_FILE, readIndex, type SavedIndex } from './saved-index.js';
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
  /**
   * For reads only (replay, export, audit): takes no lock, writes nothing, never truncates a torn
   * tail (it reads up to it), and refuses appends.
   */
  readonly readOnly?: boolean;
  /** The indexes are saved beside the segments every this many bytes of records (default 4 MiB), and at close. */
  readonly indexEveryBytes?: number;
  /** Hears why a saved index was not taken up on open (default: stderr). */
  readonly log?: (line: string) => void;
}

const DEFAULT_INDEX_EVERY_BYTES = 4 * 1024 * 1024;

/** Catch-up reads fetch neighbouring records together, up to this many bytes per read. */
const READ_CHUNK_BYTES = 1024 * 1024;

/** The length of the frame at `at`, header included (Infinity when not even the header is there). */
const frameLength = (bytes: Buffer, at: number): number =>
  bytes.length - at < FRAME_HEADER_BYTES ? Number.POSITIVE_INFINITY : FRAME_HEADER_BYTES + bytes.readUInt32LE(at);

/**
 * The default event store: an append-only log of segment files in one data dir, with group
 * commit for durability and in-memory indexes, saved beside the segments (index-saves.ts) and on
 * open taken up with the segments' tail after them, or rebuilt from the segments.
 */
export class EmbeddedEventStore implements EventStore {
  private head: number;
  private closing: Promise<void> | undefined;
  private readonly writer: AppendBatches;
  private readonly recent: RecentEvents;
  private readonly subscriptions = new OpenSubscriptions();
  private readonly indexSaves: IndexSaves | undefined;
  /** The check of the records the saved index covers, while it runs. */
  private checking: Promise<void> | undefined;
  /** Where it found damage: appends are refused from then on. */
  private damaged: string | undefined;

  private constructor(
    private readonly lock: DataDirLock | undefined,
    private readonly log: SegmentedLog,
    private readonly records: RecordIndex,
    private readonly streams: StreamIndex,
    head: number,
    recentEvents: number,
    private readonly observer: StoreObserver | undefined,
    private readonly id: string,
    indexSaves: ((current: () => SavedIndex) => IndexSaves) | undefined,
  ) {
    this.head = head;
    this.indexSaves = indexSaves?.(() => ({ logId: id, head: this.head, records: records.saved(), streams: streams.saved() }));
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
    if (!options.readOnly) await fileSystem.mkdir(dir);
    const lock = options.readOnly ? undefined : await DataDirLock.acquire(dir);
    try {
      const id = await logIdIn(dir, fileSystem, options.readOnly);
      const saved = await readIndex(dir, id);
      const savedIndex = saved?._tag === 'Right' ? saved.right : undefined;
      const { log, records, streams, head, passedOver, covered } = await recoverLog(
        dir,
        fileSystem,
        options.segmentBytes ?? DEFAULT_SEGMENT_BYTES,
        options.readOnly,
        savedIndex,
      );
      const problem = saved === undefined ? 'is missing' : saved._tag === 'Left' ? saved.left : passedOver;
      const say = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
      if (problem !== undefined && head > 0) say(`${join(dir, INDEX_FILE)} ${problem}: the store's indexes were rebuilt from every segment`);
      const indexSaves = options.readOnly
        ? undefined
        : (current: () => SavedIndex) =>
            new IndexSaves(dir, fileSystem, options.indexEveryBytes ?? DEFAULT_INDEX_EVERY_BYTES, current, problem === undefined ? (savedIndex?.head ?? -1) : -1);
      const store = new EmbeddedEventStore(lock, log, records, streams, head, options.recentEvents ?? 4096, options.observer, id, indexSaves);
      // A rebuilt index is saved at once, so the next open (after a crash, too) need not rebuild it.
      if (problem !== undefined) store.indexSaves?.save();
      if (covered !== undefined && !options.readOnly) store.checkCovered(covered, say);
      return store;
    } catch (error) {
      await lock?.release();
      throw error;
    }
  }

  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<Either<AppendError, AppendResult>> {
    return this.appendToStreams([{ stream, events, expected }]).then(oneStream);
  }

  appendToStreams(parts: readonly StreamWrite[]): Promise<Either<AppendError, StreamsAppended>> {
    const refused = appendRefusal<StreamsAppended>(parts, this.closing !== undefined);
    if (refused) return refused;
    if (!this.lock) return Promise.resolve(left({ _tag: 'StoreUnavailable', reason: 'the log was opened read-only' }));
    if (this.damaged) return Promise.resolve(left({ _tag: 'StoreUnavailable', reason: this.damaged }));
    const observer = this.observer;
    if (!observer) return this.writer.append(parts);
    const started = performance.now();
    return this.writer.append(parts).then((outcome) => {
      observer.appended((performance.now() - started) / 1000, outcome._tag === 'Right' ? 'ok' : outcome.left._tag);
      return outcome;
    });
  }

  /**
   * No server path reads one stream (decisions read the world), so the store keeps no list of a
   * stream's records: a read scans the log from the stream's first event.
   */
  async *readStream(stream: string, fromRevision = 0): AsyncIterable<StoredEvent> {
    const first = this.streams.firstPosition(stream);
    if (first === undefined) return;
    for await (const event of this.readAll(first - 1)) if (event.stream === stream && event.revision >= fromRevision) yield event;
  }

  async *readAll(after: number, limit = Number.POSITIVE_INFINITY): AsyncIterable<StoredEvent> {
    let remaining = limit;
    const start = this.records.from(after + 1);
    if (start === undefined) return;
    let { segment, offset } = start;
    while (remaining > 0) {
      const end = this.records.end(segment);
      if (end === undefined) return;
      if (offset >= end) {
        segment += 1;
        offset = 0;
        continue;
      }
      // Neighbouring records are read together; a record longer than a chunk is read alone.
      let chunk = await this.log.read({ segment, offset, length: Math.min(READ_CHUNK_BYTES, end - offset) });
      const first = frameLength(chunk, 0);
      if (first > chunk.length && first <= end - offset) chunk = await this.log.read({ segment, offset, length: first });
      let at = 0;
      while (at < chunk.length && frameLength(chunk, at) <= chunk.length - at) {
        const length = frameLength(chunk, at);
        for (const event of this.decode(chunk.subarray(at, at + length), { segment, offset: offset + at, length })) {
          if (event.position <= after) continue;
          yield event;
          if (--remaining === 0) return;
        }
        at += length;
      }
      if (at === 0) throw new CorruptLogError(this.log.pathOf(segment), offset, 'a record runs past the durable end of its segment');
      offset += at;
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

  logId(): Promise<string> {
    return Promise.resolve(this.id);
  }

  /** Settles every pending append, ends subscriptions (their onError hears why), releases the lock. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.writer.drained();
      await this.subscriptions.endAll();
      await this.checking;
      await this.indexSaves?.close();
      await this.log.close();
      await this.lock?.release();
    })();
    return this.closing;
  }

  /**
   * Checks, after the open, the records it took on the saved index's word. Damage there (bit rot,
   * a hand-edited segment) refuses every append from then on and removes the index, so the next
   * open scans the whole log and refuses it as it always did, naming the record.
   */
  private checkCovered(covered: readonly SegmentEnd[], say: (line: string) => void): void {
    this.checking = checkCovered(this.log, covered, () => this.closing !== undefined).then(
      async (damage) => {
        if (damage === undefined) return;
        this.damaged = `${damage.file} at offset ${damage.offset}: ${damage.reason}`;
        say(`${this.damaged}: a record the store's saved index covers is damaged; appends are refused and the index is removed (netledger log verify, log repair --quarantine)`);
        await this.indexSaves?.forgo();
      },
      () => undefined, // a read that fails here fails for the reads too, which say so
    );
  }

  /** Runs in the tick the records became durable, before their appends resolve. */
  private onDurable(durable: readonly DurableRecord[]): void {
    this.observer?.committed(durable.length, durable.reduce((events, record) => events + record.count, 0));
    let bytes = 0;
    for (const record of durable) {
      const lastPosition = record.firstPosition + record.count - 1;
      this.records.add(record.location, record.firstPosition, lastPosition, record.frame.readUInt32LE(4));
      bytes += record.location.length;
      // Decoded from the bytes written, so live subscribers see exactly what a replay will.
      const events = decodeOwnRecord(record.frame);
      for (const event of events) this.streams.add(event.stream, event.position, event.revision);
      this.recent.push(events);
      this.head = lastPosition;
    }
    this.indexSaves?.recorded(bytes);
    this.subscriptions.wake();
  }

  private decode(bytes: Buffer, location: RecordLocation): StoredEvent[] {
    const frame = readFrame(bytes, 0);
    if (!frame.ok) throw new CorruptLogError(this.log.pathOf(location.segment), location.offset, frame.reason);
    return frame.events;
  }
}
