import type { HostStreams } from '../southbound/host-streams.js';
import type { HostTopics, KafkaSouthboundConfig } from '../southbound/kafka/host-topics.js';
import { defaultKafkaSouthbound } from '../southbound/kafka/host-topics.js';
import { KafkaAgent } from '../southbound/kafka/kafka-agent.js';
import { decodeDiff } from '../southbound/kafka/records.js';

/** Topics of their own for one test, so tests sharing a broker never see each other's records. */
export const configFor = (brokers: string[], name: string): KafkaSouthboundConfig => {
  const suffix = `${name}-${process.pid}-${Date.now()}`;
  return { ...defaultKafkaSouthbound(brokers), diffsTopic: `diffs-${suffix}`, snapshotsTopic: `snapshots-${suffix}`, partitions: 4, snapshotEvery: 50 };
};

/** Every host's seqs, in the order its partition holds them. */
export const seqsInKafka = async (topics: HostTopics, config: KafkaSouthboundConfig): Promise<Map<string, number[]>> => {
  const ranges = (await topics.ranges(config.diffsTopic)).filter(({ start, end }) => end > start);
  const seqs = new Map<string, number[]>();
  const open = new Set(ranges.map(({ partition }) => partition));
  await topics.read(config.diffsTopic, new Map(ranges.map(({ partition, start }) => [partition, start])), (partition, records) => {
    for (const record of records) {
      const diff = decodeDiff(record.value, record.key);
      seqs.set(diff.hostId, [...(seqs.get(diff.hostId) ?? []), diff.seq]);
    }
    if (records.at(-1)!.offset >= ranges.find((r) => r.partition === partition)!.end - 1) open.delete(partition);
    return open.size > 0;
  });
  return seqs;
};

/** Asserts each host's stream in Kafka is exactly 1..seq, in order; returns a description of what is wrong, or ''. */
export const denseStreamsProblem = (inKafka: Map<string, number[]>, expected: (hostId: string) => number, hosts: readonly string[]): string => {
  const problems: string[] = [];
  for (const hostId of hosts) {
    const seqs = inKafka.get(hostId) ?? [];
    const last = expected(hostId);
    const dense = seqs.length === last && seqs.every((seq, i) => seq === i + 1);
    if (!dense) problems.push(`${hostId}: ${seqs.length} records for seq 1..${last}, first wrong at ${seqs.findIndex((seq, i) => seq !== i + 1)}`);
  }
  return problems.slice(0, 5).join('; ');
};

/** Starts an agent per host on Kafka and waits until each holds the server's goal state (by checksum). */
export const agentsConverge = async (topics: HostTopics, config: KafkaSouthboundConfig, streams: HostStreams, hosts: readonly string[], timeoutMs = 60_000) => {
  const agents = hosts.map((hostId) => new KafkaAgent({ hostId, topics, config, backoff: { initialMs: 50, maxMs: 1000 } }));
  for (const agent of agents) agent.start();
  try {
    const deadline = Date.now() + timeoutMs;
    const behind = () => agents.filter((agent, i) => agent.status().seq !== streams.seqOf(hosts[i]) || agent.status().checksum !== streams.checksumOf(hosts[i]));
    while (behind().length > 0) {
      if (Date.now() > deadline) throw new Error(`agents never converged: ${JSON.stringify(behind().slice(0, 3).map((agent) => ({ ...agent.status(), server: streams.seqOf(agent.status().hostId) })))}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return agents.map((agent) => agent.goalState());
  } finally {
    await Promise.all(agents.map((agent) => agent.stop()));
  }
};
