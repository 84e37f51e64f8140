/**
 * The two Kafka topics of the southbound, as the publisher and the agents need them, and nothing
 * more: kafkajs fills this today (kafkajs-host-topics.ts); @confluentinc/kafka-javascript's
 * KafkaJS-compatible API could fill it tomorrow, since kafkajs has had no release since 2.2.4.
 */

export interface KafkaSouthboundConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Every host's diffs, keyed by host id: one host, one partition, one order. */
  readonly diffsTopic: string;
  /** Every host's latest full goal state, keyed by host id, compacted. */
  readonly snapshotsTopic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** A host's goal state is republished to the snapshots topic after this many of its diffs. */
  readonly snapshotEvery: number;
}

export const defaultKafkaSouthbound = (brokers: readonly string[]): KafkaSouthboundConfig => ({
  brokers,
  clientId: 'netledger',
  diffsTopic: 'netledger.southbound.diffs',
  snapshotsTopic: 'netledger.southbound.snapshots',
  partitions: 8,
  replicationFactor: 1,
  snapshotEvery: 200,
});

/** One record to write, its partition named by the writer (see partition.ts). */
export interface HostRecord {
  readonly key: string;
  readonly partition: number;
  readonly value: Buffer;
}

export interface ReadRecord extends HostRecord {
  readonly offset: number;
}

/** Where a partition's records start (after retention or compaction) and end (the high watermark). */
export interface PartitionRange {
  readonly partition: number;
  readonly start: number;
  readonly end: number;
}

/** Where one send's records of one partition went: the first at `baseOffset`, the rest after it. */
export interface Written {
  readonly partition: number;
  readonly baseOffset: number;
}

/** Called with each batch of a partition's records in offset order; false ends the read. */
export type OnRecords = (partition: number, records: readonly ReadRecord[]) => boolean | Promise<boolean>;

export interface HostTopics {
  /** Creates whichever of the two topics is missing (the snapshots topic compacted). */
  ensureTopics(): Promise<void>;
  ranges(topic: string): Promise<PartitionRange[]>;
  /**
   * Writes the records with acks from all in-sync replicas, each partition's records in the order
   * given, one request in flight and no duplicate from a retry (an idempotent producer).
   * Resolves once all are acknowledged; a rejection leaves an unknown prefix of them written.
   */
  send(topic: string, records: readonly HostRecord[], options?: { readonly compress?: boolean }): Promise<Written[]>;
  /**
   * Reads the partitions named in `from`, each from its offset, until `onRecords` answers false
   * (resolves) or the connection fails past its retries (rejects); `signal` also ends it.
   */
  read(topic: string, from: ReadonlyMap<number, number>, onRecords: OnRecords, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
