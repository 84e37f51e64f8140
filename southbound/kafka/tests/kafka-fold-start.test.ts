// Catching up from the node's checkpoint against a real broker (ops/kafka/broker.sh). Runs when
// NETLEDGER_KAFKA_BROKERS is set; under CI=true a missing broker fails it instead of skipping it.
//
// One node, its log run in five parts with publishers started and stopped between them, and its
// only checkpoint written when it stops after the second part (at P): a publisher whose topic
// tails are behind P folds the whole log; one whose tails end exactly at P, or lie past it, folds
// only the log after P; one on empty topics folds the whole log. After each, every host's stream
// in Kafka is dense from seq 1, in order, none twice.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../domain/index.js';
import { EmbeddedEventStore } from '../../../infra/store/index.js';
import { recordedLogOf } from '../../../node/kafka-southbound.js';
import { startEngineNode } from '../../../node/node.js';
import { context } from '../../../test-kit/engine-fixture.js';
import { kafkaTestsRun, sharedBrokers } from '../../../test-kit/kafka-broker.js';
import { configFor, denseStreamsProblem, seqsInKafka } from '../../../test-kit/kafka-fixture.js';
import { runWorkload, workload, workloadPart as part } from '../../../test-kit/kafka-workload.js';
import type { KafkaSouthboundConfig } from '../host-topics.js';
import { KafkajsHostTopics } from '../kafkajs-host-topics.js';
import { DiffPublisher } from '../publisher.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Node = Awaited<ReturnType<typeof startEngineNode>>;

const runOn = (node: Node) => async (command: Command) => {
  const result = await node.engine.execute(command, context());
  if (E.isLeft(result)) throw new Error(`${command.type} refused: ${JSON.stringify(result.left)}`);
};

describe.skipIf(!kafkaTestsRun)('Kafka southbound from a checkpoint', () => {
  it('folds only the log after the checkpoint when Kafka holds its diffs, the whole log when it does not, and streams stay dense', { timeout: 150_000 }, async () => {
    const config = configFor(sharedBrokers(), 'fold-start');
    const w = workload({ hosts: 40, networks: 20, portEvents: 2000 });
    const dir = await mkdtemp(join(tmpdir(), 'netledger-fold-start-'));
    // Checkpoints only when the node stops.
    const nodeOn = async () => {
      const store = await EmbeddedEventStore.open(dir);
      const node = await startEngineNode(store, dir, {}, {}, { everyEvents: 1e9, everyMs: 1e9 });
      return { node, stop: async () => (await node.stop(), await store.close()) };
    };
    /** Starts a publisher on the node's streams; resolves once it is live with nothing left to send, telling where it folded from and how many events it read. */
    const publishOn = async (node: Node, onTopics: KafkaSouthboundConfig = config) => {
      const log = recordedLogOf(node.engine.store);
      const seen = { events: 0, from: [] as number[] };
      const publisher = new DiffPublisher(
        new KafkajsHostTopics(onTopics),
        onTopics,
        {
          async *readAll(after, limit) {
            for await (const event of log.readAll(after, limit)) {
              seen.events += 1;
              yield event;
            }
          },
        },
        node.southbound,
        { foldStart: node.foldStart, onCatchUp: (from) => seen.from.push(from), backoff: { initialMs: 100, maxMs: 1000 } },
      );
      publisher.start();
      const deadline = Date.now() + 60_000;
      while (publisher.state !== 'live' || publisher.lagEvents() > 0) {
        if (Date.now() > deadline) throw new Error(`publisher never caught up: ${publisher.state}, lag ${publisher.lagEvents()}`);
        await sleep(50);
      }
      return { publisher, seen };
    };
    const dense = async (node: Node, onTopics: KafkaSouthboundConfig = config) => {
      const topics = new KafkajsHostTopics(onTopics);
      try {
        const inKafka = await seqsInKafka(topics, onTopics);
        expect(denseStreamsProblem(inKafka, (hostId) => node.southbound.seqOf(hostId), w.hosts)).toBe('');
        expect([...inKafka.values()].reduce((sum, seqs) => sum + seqs.length, 0)).toBe(w.hosts.reduce((sum, hostId) => sum + node.southbound.seqOf(hostId), 0));
      } finally {
        await topics.close();
      }
    };
    try {
      const first = await nodeOn();
      const a = await publishOn(first.node);
      await runWorkload(part(w, 0, 40), runOn(first.node));
      await a.publisher.stop();
      // Part 2 without a publisher: the checkpoint the stop writes is at P, past every tail.
      await runWorkload(part(w, 40, 60), runOn(first.node));
      const p = first.node.engine.world.position;
      await first.stop();

      const { node, stop } = await nodeOn();
      try {
        expect(node.startedFrom).toBe(p);
        const behind = await publishOn(node);
        expect(behind.seen.from).toEqual([0]);
        expect(behind.seen.events).toBeGreaterThanOrEqual(p);
        await dense(node);
        await behind.publisher.stop();

        // Part 3 without a publisher: the tails end at P exactly.
        await runWorkload(part(w, 60, 75), runOn(node));
        const atP = await publishOn(node);
        expect(atP.seen.from).toEqual([p]);
        expect(atP.seen.events).toBe(node.engine.world.position - p);
        await dense(node);

        // Part 4 published live, part 5 without a publisher: the tails lie past P.
        await runWorkload(part(w, 75, 90), runOn(node));
        while (atP.publisher.lagEvents() > 0) await sleep(50);
        await atP.publisher.stop();
        await runWorkload(part(w, 90, 100), runOn(node));
        const pastP = await publishOn(node);
        expect(pastP.seen.from).toEqual([p]);
        expect(pastP.seen.events).toBe(node.engine.world.position - p);
        await dense(node);
        await pastP.publisher.stop();

        // Empty topics: their partitions hold none of the diffs made by P.
        const other = configFor(config.brokers as string[], 'fold-start-empty');
        const empty = await publishOn(node, other);
        expect(empty.seen.from).toEqual([0]);
        expect(empty.seen.events).toBeGreaterThanOrEqual(node.engine.world.position);
        await dense(node, other);
        await empty.publisher.stop();
      } finally {
        await stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
