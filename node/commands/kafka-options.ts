import { InvalidArgumentError, type Command } from 'commander';
import { defaultKafkaSouthbound } from '../../southbound/kafka/index.js';

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};

/** The Kafka southbound's topic flags, the same for serve and agent (they must agree on topics and partitions). */
export const withKafkaOptions = (command: Command): Command => {
  const defaults = defaultKafkaSouthbound([]);
  return command
    .option('--kafka-diffs-topic <topic>', 'topic of every host\'s diffs, keyed by host id', defaults.diffsTopic)
    .option('--kafka-snapshots-topic <topic>', 'compacted topic of every host\'s latest goal state, keyed by host id', defaults.snapshotsTopic)
    .option('--kafka-partitions <n>', 'partitions of both topics (when the publisher creates them; agents must use the same)', positive, defaults.partitions)
    .option('--kafka-replication-factor <n>', 'replication factor of both topics when the publisher creates them', positive, defaults.replicationFactor)
    .option('--kafka-snapshot-every <n>', "a host's goal state is republished after this many of its diffs", positive, defaults.snapshotEvery);
};
