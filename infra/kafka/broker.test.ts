// End-to-end check of the development/CI Kafka broker (infra/kafka/broker.sh) with kafkajs.
//
// Runs when NETLEDGER_KAFKA_BROKERS is set (e.g. `NETLEDGER_KAFKA_BROKERS=$(infra/kafka/broker.sh start)`).
// Skips otherwise, except under CI=true, where a missing broker is a failure, not a skip.
//
// 1. round trip against the shared broker in NETLEDGER_KAFKA_BROKERS: create topic, produce, consume.
// 2. crash durability on a private broker started with broker.sh (so the shared one is never killed):
//    produce, kill -9, restart on the same dir and ports, the message is still there.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';

const { Kafka, logLevel, Partitioners } = kafkajs;

const BROKER_SH = fileURLToPath(new URL('./broker.sh', import.meta.url));
const brokersEnv = process.env.NETLEDGER_KAFKA_BROKERS;

function brokers(): string[] {
  if (!brokersEnv) {
    throw new Error(
      'CI=true but NETLEDGER_KAFKA_BROKERS is not set: start a broker with ' +
        '`export NETLEDGER_KAFKA_BROKERS=$(infra/kafka/broker.sh start)` (or run .ci/run)',
    );
  }
  return brokersEnv.split(',').map((s) => s.trim()).filter(Boolean);
}

function brokerSh(...args: string[]): string {
  return execFileSync(BROKER_SH, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

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

describe.skipIf(!brokersEnv && process.env.CI !== 'true')('Kafka broker (infra/kafka/broker.sh)', () => {
  it('NETLEDGER_KAFKA_BROKERS is set', () => {
    expect(brokers().length).toBeGreaterThan(0);
  });

  it('creates a topic, produces and consumes a message', async () => {
    const bootstrap = brokers();
    const topic = `broker-check-${process.pid}-${Date.now()}`;
    const value = `hello ${Date.now()}`;
    await roundTrip(bootstrap, topic, value);
    expect(await readAll(bootstrap, topic, 1)).toEqual([value]);
  });

  describe('a private broker', () => {
    let dir: string | undefined;
    afterAll(() => {
      if (!dir) return;
      try {
        brokerSh('stop', '--dir', dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('keeps acknowledged messages across kill -9 and restart', { timeout: 240_000 }, async () => {
      brokers(); // same CI rule: this check needs the Kafka toolchain that provides NETLEDGER_KAFKA_BROKERS
      dir = mkdtempSync(join(tmpdir(), 'netledger-kafka-test-'));
      const first = brokerSh('start', '--dir', dir);
      expect(first).toMatch(/^127\.0\.0\.1:\d+$/);
      const topic = 'crash-check';
      const value = `durable ${Date.now()}`;
      await roundTrip([first], topic, value);

      brokerSh('kill', '--dir', dir);
      const second = brokerSh('restart', '--dir', dir);
      expect(second).toBe(first); // same ports after restart

      expect(await readAll([second], topic, 1)).toEqual([value]);
    });
  });
});
