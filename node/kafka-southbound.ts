import type { Logger } from 'pino';
import { Counter, Gauge } from 'prom-client';
import type { EventStore } from '../domain/index.js';
import type { HostStreams } from '../southbound/index.js';
import { DiffPublisher, KafkajsHostTopics, defaultKafkaSouthbound, type FoldStart, type KafkaSouthboundConfig, type RecordedLog } from '../southbound/kafka/index.js';
import type { Metrics } from './metrics.js';
import { recordedEvent } from '../domain/index.js';

/** The command-line flags of the Kafka southbound (serve and agent). */
export interface KafkaFlags {
  readonly kafkaBrokers?: string;
  readonly kafkaDiffsTopic?: string;
  readonly kafkaSnapshotsTopic?: string;
  readonly kafkaPartitions?: number;
  readonly kafkaReplicationFactor?: number;
  readonly kafkaSnapshotEvery?: number;
}

export const kafkaConfigOf = (flags: KafkaFlags): KafkaSouthboundConfig | { readonly error: string } => {
  const brokers = (flags.kafkaBrokers ?? '').split(',').map((each) => each.trim()).filter(Boolean);
  if (brokers.length === 0) return { error: 'the Kafka southbound needs --kafka-brokers HOST:PORT[,HOST:PORT...] (or NETLEDGER_KAFKA_BROKERS)' };
  const defaults = defaultKafkaSouthbound(brokers);
  return {
    ...defaults,
    diffsTopic: flags.kafkaDiffsTopic ?? defaults.diffsTopic,
    snapshotsTopic: flags.kafkaSnapshotsTopic ?? defaults.snapshotsTopic,
    partitions: flags.kafkaPartitions ?? defaults.partitions,
    replicationFactor: flags.kafkaReplicationFactor ?? defaults.replicationFactor,
    snapshotEvery: flags.kafkaSnapshotEvery ?? defaults.snapshotEvery,
  };
};

/** The log as the publisher re-folds it: the store's events, which are the events the domain recorded. */
export const recordedLogOf = (store: EventStore): RecordedLog => ({
  async *readAll(after, limit) {
    for await (const event of store.readAll(after, limit)) yield recordedEvent(event);
  },
});

/**
 * Starts publishing the node's host streams to Kafka: the publisher hears their every diff from
 * now on, and folds the log for what came before. Publish lag and counts go to /metrics.
 */
export const startKafkaPublisher = (
  config: KafkaSouthboundConfig,
  store: EventStore,
  streams: HostStreams,
  logger: Logger,
  metrics?: Metrics,
  /** Where catching up may start instead of the log's start (the node's checkpoints). */
  foldStart?: () => Promise<FoldStart | undefined>,
): DiffPublisher => {
  const publisher = new DiffPublisher(new KafkajsHostTopics(config), config, recordedLogOf(store), streams, {
    onError: (error, state) => logger.warn({ err: error, state }, 'Kafka southbound: publishing failed, backing off and resuming from the topics'),
    foldStart,
    onCatchUp: (from, checkpoint) => logger.info({ from, checkpoint }, from > 0 ? 'Kafka southbound: catching up from a checkpoint' : 'Kafka southbound: catching up from the log\'s start'),
  });
  if (metrics) {
    new Gauge({
      name: 'netledger_kafka_publish_lag_events',
      help: 'Log events whose southbound diffs Kafka has not acknowledged yet',
      registers: [metrics.registry],
      collect() {
        this.set(publisher.lagEvents());
      },
    });
    new Counter({
      name: 'netledger_kafka_published_total',
      help: 'Records acknowledged by Kafka, by topic kind (diff, snapshot)',
      labelNames: ['kind'] as const,
      registers: [metrics.registry],
      collect() {
        this.reset();
        this.inc({ kind: 'diff' }, publisher.published.diffs);
        this.inc({ kind: 'snapshot' }, publisher.published.snapshots);
      },
    });
  }
  publisher.start();
  return publisher;
};
