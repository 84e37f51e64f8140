// End-to-end check of the development/CI Kafka broker (ops/kafka/broker.sh) with kafkajs.
//
// Runs when NETLEDGER_KAFKA_BROKERS is set (e.g. `NETLEDGER_KAFKA_BROKERS=$(ops/kafka/broker.sh start)`).
// Skips otherwise, except under CI=true, where a missing broker is a failure, not a skip.
//
// 1. round trip against the shared broker in NETLEDGER_KAFKA_BROKERS: create topic, produce, consume.
// 2. crash durability on a private broker started with broker.sh (so the shared one is never killed):
//    produce, kill -9, restart on the same dir and ports, the message is still there.
import kafkajs from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { kafkaTestsRun, privateBroker, sharedBrokers } from '../../test-kit/kafka-broker.js';

const { Kafka, logLevel, Partitioners } = kafkajs;

async function roundTrip(bootstrap: string[], topic: string, value: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'netledger-broker-test', brokers: bootstrap, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value }] });
  } finally {
    await producer.disconnect();
  }
}

async function readAll(bootstrap: string[], topic: string, expected: number): Promise<string[]> {
  const kafka = new Kafka({ clientId: 'netledger-broker-test', brokers: bootstrap, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `${topic}-reader-${Date.now()}` });
  const seen: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out reading ${topic}: got ${JSON.stringify(seen)}`)), 30_000);
      consumer
        .run({
          eachMessage: async ({ message }) => {
            seen.push(message.value?.toString() ?? '');
            if (seen.length >= expected) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

describe.skipIf(!kafkaTestsRun)('Kafka broker (ops/kafka/broker.sh)', () => {
  it('NETLEDGER_KAFKA_BROKERS is set', () => {
    expect(sharedBrokers().length).toBeGreaterThan(0);
  });

  it('creates a topic, produces and consumes a message', async () => {
    const bootstrap = sharedBrokers();
    const topic = `broker-check-${process.pid}-${Date.now()}`;
    const value = `hello ${Date.now()}`;
    await roundTrip(bootstrap, topic, value);
    expect(await readAll(bootstrap, topic, 1)).toEqual([value]);
  });

  describe('a private broker', () => {
    const broker = privateBroker('kafka-test');
    afterAll(broker.stop);

    it('keeps acknowledged messages across kill -9 and restart', { timeout: 240_000 }, async () => {
      sharedBrokers(); // same CI rule: this check needs the Kafka toolchain that provides NETLEDGER_KAFKA_BROKERS
      const first = broker.start();
      expect(first).toMatch(/^127\.0\.0\.1:\d+$/);
      const topic = 'crash-check';
      const value = `durable ${Date.now()}`;
      await roundTrip([first], topic, value);

      broker.kill();
      const second = broker.restart();
      expect(second).toBe(first); // same ports after restart

      expect(await readAll([second], topic, 1)).toEqual([value]);
    });
  });
});
