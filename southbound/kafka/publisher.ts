import { emptyWorld, evolve, type RecordedEvent } from '../../domain/index.js';
import { GoalStates } from '../../projections/goal-state/index.js';
import { HostStreams, type EncodedDiff } from '../host-streams.js';
import type { Snapshot } from '../wire.js';
import type { HostRecord, HostTopics, KafkaSouthboundConfig } from './host-topics.js';
import { partitionOf } from './partition.js';
import { decodeDiff, diffValue, snapshotValue } from './records.js';
import { coveredBy, endingsNeeded, type FoldStart, type TailRead } from './fold-start.js';

/** The log as the publisher reads it when it catches up: recorded events in position order. */
export interface RecordedLog {
  readAll(after: number, limit: number): AsyncIterable<RecordedEvent>;
}

interface PublisherOptions {
  /** Diffs held in memory while Kafka is slower than the log; past it the publisher catches up from the log. */
  readonly bufferDiffs?: number;
  /** Diffs per send. */
  readonly batchDiffs?: number;
  /** Delays between attempts after a failure: doubling from `initialMs` up to `maxMs`. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly onError?: (error: unknown, state: PublisherState) => void;
  /**
   * A fold of the log at some position (the node's newest checkpoint), read afresh at each catch-up:
   * catching up folds on from it instead of from the log's start when Kafka holds every diff it made.
   */
  readonly foldStart?: () => Promise<FoldStart | undefined>;
  /** Told where each catch-up folds the log from (0: its start), and the checkpoint it had, if any (one not covered by Kafka is passed over). */
  readonly onCatchUp?: (from: number, checkpoint: number | undefined) => void;
}

type PublisherState = 'starting' | 'catching-up' | 'live' | 'backing-off' | 'stopped';

interface Made {
  readonly hostId: string;
  readonly diff: EncodedDiff;
}

/** The last diff record of a diffs partition: everything the publisher sent that partition before it is there too. */
interface Tail extends TailRead {
  readonly hostId: string;
  readonly seq: number;
}

const EVENTS_PER_PAGE = 2000;

/**
 * Publishes every host's diff stream to Kafka, exactly once as an agent sees it: each host's
 * diffs in its partition dense from seq 1, in order, none twice, across kill -9 of this process,
 * broker restarts and a broker down at start.
 *
 * Why this design (and not Kafka transactions): the diffs are a deterministic function of the log,
 * and the publisher sends them in the log's fold order with an idempotent producer and one request
 * in flight. So each partition of the diffs topic always holds a prefix, in fold order, of the
 * diffs meant for it, and its last record (host, seq) names exactly where that prefix ends. On
 * start, and after any failure, the publisher reads those tails from Kafka itself (the one place
 * that cannot disagree with Kafka), folds the log into goal states of its own, skips each
 * partition's diffs up to and including its tail and sends the rest, then joins the live diffs of
 * the server's host streams at a position boundary. Nothing of Kafka's is kept elsewhere, so
 * there is nothing to lose or to get ahead of the topic. Transactions would cost kafkajs about
 * 300 ms per commit (CONCURRENT_TRANSACTIONS), i.e. that much more lag per diff.
 * The fold starts from `foldStart` (the node's checkpoint at P, its own copy) when the tails show
 * that Kafka holds every diff made by P (fold-start.ts `coveredBy`: a tail after P, or the
 * partition ending with exactly its last diffs by P, or empty with none), so a restart or an
 * outage folds only the log after P; otherwise from the log's start, which is also the check.
 * Residual risk: a produce request still in flight on a connection that died is appended after
 * the tails were read; the idempotent producer cannot fence a previous session, transactions could.
 *
 * Memory stays bounded: live diffs wait in a buffer of `bufferDiffs`; when Kafka falls that far
 * behind the buffer is dropped and the publisher catches up from the log, then joins again.
 */
export class DiffPublisher {
  private buffer: Made[] = [];
  private inFlight: readonly Made[] = [];
  /** Position of the last live diff dropped: catching up must fold at least this far. */
  private dropped = 0;
  private overflowed = false;
  private tails?: Map<number, Tail | undefined>;
  /** Each diffs partition's end offset as far as this process knows: a later diff lands at or after it. */
  private readonly ends = new Map<number, number>();
  private readonly sinceSnapshot = new Map<string, number>();
  private readonly publishedSeq = new Map<string, number>();
  /** Every diff up to this log position is in Kafka (while not live). */
  private through = 0;
  private running = false;
  private loop?: Promise<void>;
  /** Wakes the live loop (a new diff) or ends a backoff early (stop). */
  private wakeLive?: () => void;
  private wakeSleep?: () => void;
  private stateNow: PublisherState = 'stopped';
  private diffsSent = 0;
  private snapshotsSent = 0;
  private readonly unfollow: () => void;

  constructor(
    private readonly topics: HostTopics,
    private readonly config: KafkaSouthboundConfig,
    private readonly log: RecordedLog,
    /** The server's host streams, whose every diff reaches `record`. */
    private readonly streams: HostStreams,
    private readonly options: PublisherOptions = {},
  ) {
    // Whatever the streams made before this publisher existed, catching up folds past it.
    this.dropped = streams.goalStates.position;
    this.unfollow = streams.recordEach(this);
  }

  /** Every diff the server makes, in fold order, from the streams (until stopped). */
  readonly record = (hostId: string, diff: EncodedDiff): void => {
    if (this.buffer.length >= (this.options.bufferDiffs ?? 100_000)) {
      this.buffer = [];
      this.dropped = diff.position;
      this.overflowed = true;
    } else this.buffer.push({ hostId, diff });
    this.wakeLive?.();
  };

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.unfollow();
    this.running = false;
    this.wakeLive?.();
    this.wakeSleep?.();
    await this.topics.close();
    await this.loop;
    await this.topics.close();
    this.stateNow = 'stopped';
  }

  get state(): PublisherState {
    return this.stateNow;
  }

  get published(): { readonly diffs: number; readonly snapshots: number } {
    return { diffs: this.diffsSent, snapshots: this.snapshotsSent };
  }

  /** Log events whose diffs are not all acknowledged by Kafka yet. */
  lagEvents(): number {
    const position = this.streams.goalStates.position;
    if (this.stateNow !== 'live') return Math.max(0, position - this.through);
    const first = this.inFlight[0] ?? this.buffer[0];
    return first ? Math.max(0, position - (first.diff.position - 1)) : 0;
  }

  private async run(): Promise<void> {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 200, maxMs: 10_000 };
    let delay = initialMs;
    while (this.running) {
      try {
        this.stateNow = 'starting';
        await this.resume();
        if (!this.running) break;
        this.stateNow = 'live';
        delay = initialMs;
        await this.publishLive();
      } catch (error) {
        // After a failure only Kafka knows what it holds: read the tails again before sending.
        this.tails = undefined;
        this.inFlight = [];
        if (!this.running) break;
        this.stateNow = 'backing-off';
        this.options.onError?.(error, this.stateNow);
        await this.sleep(delay);
        delay = Math.min(delay * 2, maxMs);
      }
    }
  }

  /** Reads the tails, then catches up; in a frame of its own, so that nothing of the fold start outlives it. */
  private async resume(): Promise<void> {
    const start = await this.options.foldStart?.();
    if (!this.tails) await this.topics.ensureTopics();
    // A fold start is checked against the records at each partition's end, which only a read gives.
    if (!this.tails || start) this.tails = await this.readTails(start);
    this.stateNow = 'catching-up';
    await this.catchUp(start);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /**
   * The last record of every diffs partition (undefined for an empty one), with the lines of as many
   * records before it as `foldStart` needs checked, and each partition's end.
   */
  private async readTails(foldStart: FoldStart | undefined): Promise<Map<number, Tail | undefined>> {
    const needed = endingsNeeded(foldStart, this.config.partitions);
    const tails = new Map<number, Tail | undefined>();
    const from = new Map<number, number>();
    const endings = new Map<number, string[]>();
    for (const { partition, start, end } of await this.topics.ranges(this.config.diffsTopic)) {
      this.ends.set(partition, end);
      if (end === 0) tails.set(partition, undefined);
      else if (start === end) throw new Error(`partition ${partition} of ${this.config.diffsTopic} was emptied by retention: its hosts' last seqs are unknown`);
      else from.set(partition, Math.max(start, end - (needed.get(partition) ?? 1)));
    }
    if (from.size > 0)
      await this.topics.read(this.config.diffsTopic, from, (partition, records) => {
        const ending = endings.get(partition) ?? [];
        endings.set(partition, ending);
        for (const record of records) ending.push(record.value.toString('utf8'));
        const last = records.at(-1)!;
        if (last.offset < this.ends.get(partition)! - 1) return true;
        const { hostId, seq, position } = decodeDiff(last.value, last.key);
        tails.set(partition, { hostId, seq, position, ending });
        return tails.size < this.ends.size;
      });
    if (tails.size !== this.config.partitions)
      throw new Error(`${this.config.diffsTopic} has ${tails.size} partitions, the configuration says ${this.config.partitions}`);
    return tails;
  }

  /**
   * Folds the log into goal states of its own, from `start` if Kafka holds all it made or else
   * from the log's start, sending each partition's diffs after its tail, until it has passed every
   * live diff it missed; then the live buffer takes over.
   */
  private async catchUp(start: FoldStart | undefined): Promise<void> {
    const tails = this.tails!;
    const reached = start && coveredBy(start, tails, this.config.partitions);
    const from = reached ? start : undefined;
    const caughtUp = reached ?? new Set([...tails].filter(([, tail]) => tail === undefined).map(([partition]) => partition));
    const made: Made[] = [];
    const fold = new HostStreams(new GoalStates(from?.goalStates), { window: 0 }, from?.streams);
    fold.recordEach({ record: (hostId, diff) => made.push({ hostId, diff }) });
    const world = from?.world ?? emptyWorld();
    const snapshotOf = (hostId: string) => fold.snapshot(hostId);
    this.overflowed = false;
    let position = from?.position ?? 0;
    if (from) this.through = position;
    this.options.onCatchUp?.(position, start?.position);
    let batch: Made[] = [];
    for (;;) {
      let events = 0;
      for await (const event of this.log.readAll(position, EVENTS_PER_PAGE)) {
        evolve(world, event);
        fold.apply(event, world);
        for (const each of made) {
          const partition = partitionOf(each.hostId, this.config.partitions);
          if (caughtUp.has(partition)) batch.push(each);
          else if (tails.get(partition)?.hostId === each.hostId && tails.get(partition)?.seq === each.diff.seq) caughtUp.add(partition);
        }
        made.length = 0;
        position = event.position;
        events += 1;
        if (batch.length >= (this.options.batchDiffs ?? 2000)) {
          await this.publish(batch, snapshotOf);
          batch = [];
        }
        if (!this.running) return;
      }
      if (batch.length > 0) {
        await this.publish(batch, snapshotOf);
        batch = [];
      } else if (events < EVENTS_PER_PAGE && position >= this.dropped) break;
      this.through = position;
    }
    const lost = [...tails].filter(([partition, tail]) => tail && !caughtUp.has(partition));
    if (lost.length > 0)
      throw new Error(`${this.config.diffsTopic} holds diffs this log never made: ${lost.map(([p, t]) => `partition ${p} ends at ${t!.hostId} seq ${t!.seq}`).join(', ')}`);
    // Join the live diffs where the fold stopped (no await from the check above to here).
    this.through = position;
    this.buffer = this.buffer.filter(({ diff }) => diff.position > position);
  }

  private async publishLive(): Promise<void> {
    while (this.running && !this.overflowed) {
      if (this.buffer.length === 0) {
        await new Promise<void>((resolve) => (this.wakeLive = resolve));
        continue;
      }
      this.inFlight = this.buffer.splice(0, this.options.batchDiffs ?? 2000);
      await this.publish(this.inFlight, (hostId) => this.streams.snapshot(hostId));
      this.inFlight = [];
    }
  }

  /** Sends diffs in the order given, then the snapshots they made due; remembers what Kafka now holds. */
  private async publish(batch: readonly Made[], snapshotOf: (hostId: string) => Snapshot): Promise<void> {
    const { partitions, snapshotEvery } = this.config;
    const records: HostRecord[] = batch.map(({ hostId, diff }) => ({ key: hostId, partition: partitionOf(hostId, partitions), value: diffValue(diff) }));
    const written = await this.topics.send(this.config.diffsTopic, records);
    const counts = new Map<number, number>();
    for (const { partition } of records) counts.set(partition, (counts.get(partition) ?? 0) + 1);
    for (const { partition, baseOffset } of written) this.ends.set(partition, baseOffset + (counts.get(partition) ?? 0));
    const due = new Set<string>();
    for (const [i, { hostId, diff }] of batch.entries()) {
      this.tails!.set(records[i].partition, { hostId, seq: diff.seq, position: diff.position });
      this.publishedSeq.set(hostId, diff.seq);
      const since = (this.sinceSnapshot.get(hostId) ?? 0) + 1;
      this.sinceSnapshot.set(hostId, since);
      if (since >= snapshotEvery) due.add(hostId);
    }
    this.diffsSent += batch.length;
    const snapshots: HostRecord[] = [];
    for (const hostId of due) {
      const snapshot = snapshotOf(hostId);
      // Its offset must come no later than any of the host's diffs after it: the fold must not be behind Kafka.
      if (snapshot.seq < (this.publishedSeq.get(hostId) ?? 0)) continue;
      const offset = this.ends.get(partitionOf(hostId, partitions)) ?? 0;
      snapshots.push({ key: hostId, partition: partitionOf(hostId, partitions), value: snapshotValue({ ...snapshot, offset }) });
      this.sinceSnapshot.set(hostId, 0);
    }
    await this.topics.send(this.config.snapshotsTopic, snapshots, { compress: true });
    this.snapshotsSent += snapshots.length;
  }
}
