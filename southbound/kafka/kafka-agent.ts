import { HostAgent, type HostAgentOptions } from '../agent/host-agent.js';
import type { HostTopics, KafkaSouthboundConfig } from './host-topics.js';
import { partitionOf } from './partition.js';
import { decodeDiff, decodeSnapshot, type SnapshotRecord } from './records.js';

interface KafkaAgentOptions extends HostAgentOptions {
  readonly topics: HostTopics;
  readonly config: Pick<KafkaSouthboundConfig, 'diffsTopic' | 'snapshotsTopic' | 'partitions'>;
}

/**
 * The reference agent in Kafka mode: takes its host's latest snapshot from the compacted topic,
 * then reads its partition of the diffs topic from the snapshot's offset, skipping other hosts'
 * records and its own diffs the snapshot already holds, applying the rest strictly in order.
 * A gap makes it start over from the snapshot; a lost connection resumes from its offset.
 */
export class KafkaAgent extends HostAgent<KafkaAgentOptions> {
  /** Next offset to read in the host's diffs partition. */
  private offset = 0;
  private readonly partition: number;

  constructor(options: KafkaAgentOptions) {
    super(options);
    this.partition = partitionOf(options.hostId, options.config.partitions);
  }

  /** Snapshot if needed, then the diffs until the read ends or a gap sends it back to the snapshot. */
  protected async session(signal: AbortSignal): Promise<void> {
    const { topics, config, hostId } = this.options;
    if (!this.state) {
      const snapshot = await this.latestSnapshot(signal);
      if (snapshot) {
        this.adopt(snapshot);
        this.offset = snapshot.offset;
      } else {
        this.offset = (await topics.ranges(config.diffsTopic)).find((range) => range.partition === this.partition)?.start ?? 0;
        this.adoptEmpty();
      }
    }
    this.setConnected(true);
    await topics.read(
      config.diffsTopic,
      new Map([[this.partition, this.offset]]),
      (_partition, records) => {
        const before = this.state!.seq;
        for (const record of records) {
          this.offset = record.offset + 1;
          if (record.key !== hostId) continue;
          const diff = decodeDiff(record.value, hostId);
          if (diff.seq <= this.state!.seq) continue;
          if (!this.applyNext(diff)) {
            // Something is missing between us and the publisher: start over from the snapshot.
            this.resync();
            return false;
          }
        }
        if (this.state!.seq !== before) this.notify();
        return this.isRunning;
      },
      signal,
    );
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
        for (const record of records) if (record.key === hostId) latest = decodeSnapshot(record.value, hostId);
        return records.at(-1)!.offset < range.end - 1;
      },
      signal,
    );
    return latest;
  }
}
