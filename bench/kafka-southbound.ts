// Scenario 8: the Kafka southbound against the broker in NETLEDGER_KAFKA_BROKERS.
//   node --import tsx bench/kafka-southbound.ts [small|large|toy]   prints one summary line per figure
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import type { Command } from '../domain/index.js';
import { EmbeddedEventStore } from '../infra/store/index.js';
import { startEngineNode } from '../node/node.js';
import { createPort } from '../test-kit/commands.js';
import { recordedLogOf } from '../node/kafka-southbound.js';
import { HostStreams } from '../southbound/host-streams.js';
import { DiffPublisher, KafkaAgent, KafkajsHostTopics, type KafkaSouthboundConfig } from '../southbound/kafka/index.js';
import { sharedBrokers } from '../test-kit/kafka-broker.js';
import { configFor } from '../test-kit/kafka-fixture.js';
import { runWorkload, workload, workloadPart } from '../test-kit/kafka-workload.js';
import { context, engineOn } from '../test-kit/engine-fixture.js';
import { figure, percentile, repeat, summaryLine, type Figure, type RunOptions, type Scale } from './figures.js';
import { GoalStates } from '../projections/goal-state/index.js';

const PORT_EVENTS: Record<Scale, number> = { toy: 1000, small: 10_000, large: 50_000 };
const LAG_SAMPLES: Record<Scale, number> = { toy: 50, small: 300, large: 1000 };
/** Hosts whose agents the lag is measured on; each command binds a port to one of them. */
const AGENT_HOSTS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const caughtUp = async (publisher: DiffPublisher): Promise<void> => {
  while (publisher.state !== 'live' || publisher.lagEvents() > 0) await sleep(5);
};

/** Diffs/s of a publisher starting on a log it has never published: it folds the log and sends every diff. */
const publishRate = async (scale: Scale): Promise<{ rate: number; diffs: number }> => {
  const config = configFor(sharedBrokers(), 'bench-rate');
  const streams = new HostStreams(new GoalStates(), { window: 0 });
  const harness = await engineOn([streams]);
  const publisher = new DiffPublisher(new KafkajsHostTopics(config), config, recordedLogOf(harness.engine.store), streams);
  try {
    await runWorkload(workload({ portEvents: PORT_EVENTS[scale] }), harness.run);
    const topics = new KafkajsHostTopics(config);
    await topics.ensureTopics();
    await topics.close();
    const started = performance.now();
    publisher.start();
    await caughtUp(publisher);
    const { diffs } = publisher.published;
    return { rate: diffs / ((performance.now() - started) / 1000), diffs };
  } finally {
    await publisher.stop();
    await harness.stop();
    await harness.remove();
  }
};

/**
 * Seconds from a publisher's start to live with nothing left to send, on a node whose checkpoint
 * is 1,000 port events behind the head and whose topics hold every diff: with the checkpoint
 * as fold start, and without (the whole log folded, as every catch-up did before), in turn.
 */
const catchUpTimes = async (scale: Scale, runs: number): Promise<{ fromCheckpoint: number[]; fromStart: number[]; events: number; tail: number }> => {
  const config = configFor(sharedBrokers(), 'bench-catch-up');
  const dir = await mkdtemp(join(tmpdir(), 'netledger-bench-catch-up-'));
  const nodeOn = async () => {
    const store = await EmbeddedEventStore.open(dir);
    const node = await startEngineNode(store, dir, {}, {}, { everyEvents: 1e9, everyMs: 1e9 });
    const run = async (command: Command) => {
      if (E.isLeft(await node.engine.execute(command, context()))) throw new Error(`${command.type} refused`);
    };
    return { node, run, stop: async () => (await node.stop(), await store.close()) };
  };
  const publishing = async (node: Awaited<ReturnType<typeof startEngineNode>>, withCheckpoint: boolean): Promise<number> => {
    const started = performance.now();
    const publisher = new DiffPublisher(new KafkajsHostTopics(config), config, recordedLogOf(node.engine.store), node.southbound, { foldStart: withCheckpoint ? node.foldStart : undefined });
    publisher.start();
    await caughtUp(publisher);
    const seconds = (performance.now() - started) / 1000;
    await publisher.stop();
    return seconds;
  };
  const w = workload({ portEvents: PORT_EVENTS[scale] });
  // The same 1,000 port events after the checkpoint at every scale: what the catch-up folds should not grow with the log before it.
  // At least one command of each network before it, so the setting (hosts, networks) runs once.
  const cut = Math.max(1, w.ports[0].length - Math.ceil(1000 / w.ports.length));
  try {
    const first = await nodeOn();
    await runWorkload(workloadPart(w, 0, cut), first.run);
    const checkpoint = first.node.engine.world.position;
    await first.stop();
    const { node, run, stop } = await nodeOn();
    try {
      await runWorkload(workloadPart(w, cut, w.ports[0].length), run);
      await publishing(node, false);
      const fromCheckpoint: number[] = [];
      const fromStart: number[] = [];
      for (let i = 0; i < runs; i++) {
        fromStart.push(await publishing(node, false));
        fromCheckpoint.push(await publishing(node, true));
      }
      return { fromCheckpoint, fromStart, events: node.engine.world.position, tail: node.engine.world.position - checkpoint };
    } finally {
      await stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

/** From a port create's acknowledgement to the agent of its host applying the diff that carries it. */
const endToEndLags = async (scale: Scale): Promise<number[]> => {
  const config: KafkaSouthboundConfig = configFor(sharedBrokers(), 'bench-lag');
  let publisher: DiffPublisher | undefined;
  const streams = new HostStreams(new GoalStates());
  const harness = await engineOn([streams]);
  publisher = new DiffPublisher(new KafkajsHostTopics(config), config, recordedLogOf(harness.engine.store), streams);
  const topics = new KafkajsHostTopics(config);
  const waiting = new Map<string, { position: number; ackedAt: number; resolve: (lag: number) => void }[]>();
  const agents = Array.from({ length: AGENT_HOSTS }, (_, i) => `host-${String(i).padStart(3, '0')}`).map(
    (hostId) =>
      new KafkaAgent({
        hostId,
        topics,
        config,
        onStatus: (status) => {
          const now = performance.now();
          const list = waiting.get(hostId) ?? [];
          while (list.length > 0 && list[0].position <= status.position) {
            const reached = list.shift()!;
            reached.resolve(now - reached.ackedAt);
          }
        },
      }),
  );
  try {
    const w = workload({ portEvents: Math.min(PORT_EVENTS[scale], 2000) });
    await runWorkload(w, harness.run);
    publisher.start();
    await caughtUp(publisher);
    for (const agent of agents) agent.start();
    while (agents.some((agent, i) => agent.status().seq !== streams.seqOf(`host-${String(i).padStart(3, '0')}`))) await sleep(20);
    const lags: Promise<number>[] = [];
    for (let i = 0; i < LAG_SAMPLES[scale]; i++) {
      const hostId = `host-${String(i % AGENT_HOSTS).padStart(3, '0')}`;
      // Hosts 000..004 hold net-0's ports (see workload.ts): the new port is a neighbor on each of them.
      const { position } = await harness.run(createPort(`lag-${i}`, 'net-0', { 'binding:host_id': hostId, mac_entropy: String(900_000_000 + i), security_groups: [] }));
      const ackedAt = performance.now();
      lags.push(new Promise((resolve) => {
        const list = waiting.get(hostId) ?? [];
        list.push({ position, ackedAt, resolve });
        waiting.set(hostId, list);
      }));
      await sleep(5);
    }
    return await Promise.all(lags);
  } finally {
    await Promise.all(agents.map((agent) => agent.stop()));
    await topics.close();
    await publisher.stop();
    await harness.stop();
    await harness.remove();
  }
};

export const run = async ({ scale, runs }: RunOptions): Promise<Figure[]> => {
  const rates = await repeat(runs, () => publishRate(scale));
  const lags = await repeat(runs, () => endToEndLags(scale));
  const catchUp = await catchUpTimes(scale, runs);
  const hosts = 100;
  const log = `${catchUp.events.toLocaleString('en-US')} events, checkpoint ${catchUp.tail.toLocaleString('en-US')} events behind`;
  return [
    figure(`diffs published to Kafka (${rates[0].diffs.toLocaleString('en-US')} diffs of ${hosts} hosts, ${PORT_EVENTS[scale].toLocaleString('en-US')} port events, from the log)`, 'diffs/s', rates.map((r) => r.rate)),
    figure(`port create acknowledged → agent applied it via Kafka, p50 (${LAG_SAMPLES[scale]} creates)`, 'ms', lags.map((sample) => percentile(sample, 50))),
    figure(`port create acknowledged → agent applied it via Kafka, p99 (${LAG_SAMPLES[scale]} creates)`, 'ms', lags.map((sample) => percentile(sample, 99))),
    figure(`publisher restart to live, topics holding every diff, from the checkpoint (${log})`, 's', catchUp.fromCheckpoint),
    figure(`publisher restart to live, topics holding every diff, folding the whole log (${log})`, 's', catchUp.fromStart),
  ];
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const scale = (process.argv[2] ?? 'small') as Scale;
  for (const f of await run({ scale, runs: 1 })) console.log(summaryLine(f));
  process.exit(0);
}
