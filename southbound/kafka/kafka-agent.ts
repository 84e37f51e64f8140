import * as E from 'fp-ts/lib/Either.js';
import type { AgentStatus } from '../agent/agent.js';
import { applyDiff, emptyHostState, hostStateOf, type HostState } from '../apply-diff.js';
import { checksumOf } from '../wire.js';
import type { HostTopics, KafkaSouthboundConfig } from './host-topics.js';
import { partitionOf } from './partition.js';
import { decodeDiff, decodeSnapshot, type SnapshotRecord } from './records.js';

export interface KafkaAgentOptions {
  readonly hostId: string;
  readonly topics: HostTopics;
  readonly config: Pick<KafkaSouthboundConfig, 'diffsTopic' | 'snapshotsTopic' | 'partitions'>;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly onStatus?: (status: AgentStatus) => void;
}

/**
 * The reference agent in Kafka mode: takes its host's latest snapshot from the compacted topic,
 * then reads its partition of the diffs topic from the snapshot's offset, skipping other hosts'
 * records and its own diffs the snapshot already holds, applying the rest strictly in order.
 * A gap makes it start over from the snapshot; a lost connection resumes from its offset.
 */
export class KafkaAgent {
  private state?: HostState;
  /** Next offset to read in the host's diffs partition. */
  private offset = 0;
  private running = false;
  private connected = false;
  private reconnects = 0;
  private resyncs = 0;
  private abort?: AbortController;
  private loop?: Promise<void>;
  private checksumAt?: { seq: number; checksum: string };
  private readonly partition: number;

  constructor(private readonly options: KafkaAgentOptions) {
    this.partition = partitionOf(options.hostId, options.config.partitions);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort?.abort();
    await this.loop;
  }

  goalState(): HostState['goalState'] {
    return structuredClone(this.state?.goalState ?? {});
  }

  status(): AgentStatus {
    const seq = this.state?.seq ?? 0;
    if (this.checksumAt?.seq !== seq || !this.state) this.checksumAt = { seq, checksum: checksumOf(this.state?.goalState ?? {}) };
    return { hostId: this.options.hostId, seq, position: this.state?.position ?? 0, checksum: this.checksumAt.checksum, connected: this.connected, reconnects: this.reconnects, resyncs: this.resyncs };
  }

  private async run(): Promise<void> {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 100, maxMs: 5000 };
    let delay = initialMs;
    while (this.running) {
      this.abort = new AbortController();
      try {
        if (await this.session(this.abort.signal)) delay = initialMs;
      } catch {
        // Broker unreachable, a read that failed past its retries, a bad snapshot: try again later.
      }
      this.setConnected(false);
      if (!this.running) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, maxMs);
      this.reconnects += 1;
    }
  }

  /** Snapshot if needed, then the diffs until the read ends; true if a gap sent it back to the snapshot. */
  private async session(signal: AbortSignal): Promise<boolean> {
    const { topics, config, hostId } = this.options;
    if (!this.state) {
      const snapshot = await this.latestSnapshot(signal);
      if (snapshot) {
        if (checksumOf(snapshot.goal_state) !== snapshot.checksum) throw new Error(`snapshot of ${hostId} at seq ${snapshot.seq} does not match its checksum`);
        this.state = hostStateOf(snapshot);
        this.offset = snapshot.offset;
      } else {
        this.state = emptyHostState(hostId);
        this.offset = (await topics.ranges(config.diffsTopic)).find((range) => range.partition === this.partition)?.start ?? 0;
      }
      this.options.onStatus?.(this.status());
    }
    this.setConnected(true);
    let gap = false;
    await topics.read(
      config.diffsTopic,
      new Map([[this.partition, this.offset]]),
      (_partition, records) => {
        const before = this.state!.seq;
        for (const record of records) {
          this.offset = record.offset + 1;
          if (record.key !== hostId) continue;
          const diff = decodeDiff(record.value);
          if (diff.seq <= this.state!.seq) continue;
          if (E.isLeft(applyDiff(this.state!, diff))) {
            // Something is missing between us and the publisher: start over from the snapshot.
            this.state = undefined;
            this.resyncs += 1;
            gap = true;
            return false;
          }
        }
        if (this.state!.seq !== before) this.options.onStatus?.(this.status());
        return this.running;
      },
      signal,
    );
    return gap;
  }

  /** The last snapshot record of this host in its partition of the compacted topic, if any. */
  private async latestSnapshot(signal: AbortSignal): Promise<SnapshotRecord | undefined> {
    const { topics, config, hostId } = this.options;
    const partition = partitionOf(hostId, config.partitions);
    const range = (await topics.ranges(config.snapshotsTopic)).find((each) => each.partition === partition);
    if (!range || range.start === range.end) return undefined;
    let latest: SnapshotRecord | undefined;
    await topics.read(
      config.snapshotsTopic,
      new Map([[partition, range.start]]),
      (_partition, records) => {
        for (const record of records) if (record.key === hostId) latest = decodeSnapshot(record.value);
        return records.at(-1)!.offset < range.end - 1;
      },
      signal,
    );
    return latest;
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.options.onStatus?.(this.status());
  }
}
