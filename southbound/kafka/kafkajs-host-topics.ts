import { randomUUID } from 'node:crypto';
import kafkajs, { type Admin, type Kafka, type Producer } from 'kafkajs';
import type { HostRecord, HostTopics, KafkaSouthboundConfig, OnRecords, PartitionRange, ReadRecord, Written } from './host-topics.js';

const { CompressionTypes, Kafka: KafkaClient, logLevel } = kafkajs;

/** A goal state of many thousand neighbors is megabytes: room for it in the snapshots topic. */
const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

/** The southbound topics through kafkajs 2.2.4. */
export class KafkajsHostTopics implements HostTopics {
  private readonly kafka: Kafka;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;

  constructor(
    private readonly config: KafkaSouthboundConfig,
    options: { readonly logLevel?: kafkajs.logLevel; readonly connectionTimeoutMs?: number } = {},
  ) {
    this.kafka = new KafkaClient({
      clientId: config.clientId,
      brokers: [...config.brokers],
      logLevel: options.logLevel ?? logLevel.NOTHING,
      connectionTimeout: options.connectionTimeoutMs ?? 3000,
      // Our own loop backs off and resumes; kafkajs only rides out short blips.
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
    });
  }

  async ensureTopics(): Promise<void> {
    const admin = await this.adminClient();
    const existing = new Set(await this.forgetOnError(admin.listTopics(), 'admin'));
    const { diffsTopic, snapshotsTopic, partitions: numPartitions, replicationFactor } = this.config;
    const topics = [
      {
        topic: diffsTopic,
        numPartitions,
        replicationFactor,
        // The publisher resumes from each partition's last record, and agents from the snapshots'
        // offsets: the stream is kept until an operator decides to trim it.
        configEntries: [{ name: 'retention.ms', value: '-1' }],
      },
      {
        topic: snapshotsTopic,
        numPartitions,
        replicationFactor,
        configEntries: [
          { name: 'cleanup.policy', value: 'compact' },
          { name: 'max.message.bytes', value: String(MAX_SNAPSHOT_BYTES) },
          // Compaction only cleans closed segments: roll them hourly so old snapshots go.
          { name: 'segment.ms', value: '3600000' },
        ],
      },
    ].filter(({ topic }) => !existing.has(topic));
    if (topics.length > 0) await this.forgetOnError(admin.createTopics({ topics, waitForLeaders: true }), 'admin');
  }

  async ranges(topic: string): Promise<PartitionRange[]> {
    const offsets = await this.forgetOnError((await this.adminClient()).fetchTopicOffsets(topic), 'admin');
    return offsets.map(({ partition, low, high }) => ({ partition, start: Number(low), end: Number(high) })).sort((a, b) => a.partition - b.partition);
  }

  async send(topic: string, records: readonly HostRecord[], options: { readonly compress?: boolean } = {}): Promise<Written[]> {
    if (records.length === 0) return [];
    const producer = await this.producerClient();
    // After a failure the next send starts a new producer session rather than reuse one in an unknown state.
    const metadata = await this.forgetOnError(
      producer.send({
        topic,
        acks: -1,
        compression: options.compress ? CompressionTypes.GZIP : CompressionTypes.None,
        messages: records.map(({ key, partition, value }) => ({ key, partition, value })),
      }),
      'producer',
    );
    return metadata.map(({ partition, baseOffset }) => ({ partition, baseOffset: Number(baseOffset) }));
  }

  private async forgetOnError<T>(call: Promise<T>, client: 'admin' | 'producer'): Promise<T> {
    try {
      return await call;
    } catch (error) {
      const forgotten = this[client];
      this[client] = undefined;
      await forgotten?.then((c) => c.disconnect()).catch(() => undefined);
      throw error;
    }
  }

  async read(topic: string, from: ReadonlyMap<number, number>, onRecords: OnRecords, signal?: AbortSignal): Promise<void> {
    if (from.size === 0 || signal?.aborted) return;
    // A fresh group that commits nothing: it exists only so kafkajs will fetch; we seek ourselves.
    const consumer = this.kafka.consumer({
      groupId: `${this.config.clientId}-reader-${randomUUID()}`,
      maxWaitTimeInMs: 250,
      retry: { retries: 5, restartOnFailure: async () => false },
    });
    const next = new Map(from);
    let finish!: (error?: unknown) => void;
    const done = new Promise<void>((resolve, reject) => {
      finish = (error?: unknown) => (error === undefined ? resolve() : reject(error));
    });
    let ended = false;
    const end = (error?: unknown) => {
      if (ended) return;
      ended = true;
      finish(error);
    };
    const onAbort = () => end();
    signal?.addEventListener('abort', onAbort, { once: true });
    consumer.on(consumer.events.CRASH, ({ payload }) => end(payload.error));
    // Every (re)join: put each partition back where we are, and keep the others quiet.
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const assigned = payload.memberAssignment[topic] ?? [];
      const others = assigned.filter((partition) => !next.has(partition));
      if (others.length > 0) consumer.pause([{ topic, partitions: others }]);
      for (const [partition, offset] of next) consumer.seek({ topic, partition, offset: String(offset) });
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic] });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch, isRunning, isStale }) => {
          if (ended || !isRunning() || isStale()) return;
          const expected = next.get(batch.partition);
          if (expected === undefined) return;
          const records: ReadRecord[] = [];
          for (const message of batch.messages) {
            const offset = Number(message.offset);
            if (offset < expected || message.key === null || message.value === null) continue;
            records.push({ key: message.key.toString('utf8'), partition: batch.partition, value: message.value, offset });
          }
          const last = batch.messages.at(-1);
          if (last) next.set(batch.partition, Number(last.offset) + 1);
          if (records.length > 0 && !(await onRecords(batch.partition, records))) end();
        },
      });
      await done;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await consumer.disconnect().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const [producer, admin] = [this.producer, this.admin];
    this.producer = this.admin = undefined;
    await Promise.all([producer?.then((p) => p.disconnect()), admin?.then((a) => a.disconnect())].map((p) => p?.catch(() => undefined)));
  }

  private producerClient(): Promise<Producer> {
    this.producer ??= connected(this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false }), () => (this.producer = undefined));
    return this.producer;
  }

  private adminClient(): Promise<Admin> {
    this.admin ??= connected(this.kafka.admin(), () => (this.admin = undefined));
    return this.admin;
  }
}

/** Connects a client; a failed connect forgets it so the next call tries again. */
const connected = async <T extends { connect(): Promise<void> }>(client: T, forget: () => void): Promise<T> => {
  try {
    await client.connect();
    return client;
  } catch (error) {
    forget();
    throw error;
  }
};
