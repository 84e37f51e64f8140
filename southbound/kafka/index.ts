/** The Kafka southbound: diffs keyed by host, compacted snapshots, the publisher and the agent's Kafka mode. */
export { defaultKafkaSouthbound, type HostRecord, type HostTopics, type KafkaSouthboundConfig, type PartitionRange, type ReadRecord, type Written } from './host-topics.js';
export { KafkajsHostTopics } from './kafkajs-host-topics.js';
export { KafkaAgent } from './kafka-agent.js';
export { partitionOf } from './partition.js';
export { DiffPublisher, type RecordedLog } from './publisher.js';
export type { FoldStart } from './fold-start.js';
export { decodeDiff, decodeSnapshot, type SnapshotRecord } from './records.js';
