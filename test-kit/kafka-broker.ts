// Brokers for the Kafka tests and bench: the shared one .ci/run starts, and private ones a test may kill.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BROKER_SH = fileURLToPath(new URL('../ops/kafka/broker.sh', import.meta.url));

/** Kafka tests run with a broker, or under CI=true, where a missing broker fails them rather than skipping. */
export const kafkaTestsRun = Boolean(process.env.NETLEDGER_KAFKA_BROKERS) || process.env.CI === 'true';

/** The broker in NETLEDGER_KAFKA_BROKERS; its absence is a failure (the tests run only when it should be there). */
export const sharedBrokers = (): string[] => {
  const brokers = (process.env.NETLEDGER_KAFKA_BROKERS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (brokers.length === 0)
    throw new Error('CI=true but NETLEDGER_KAFKA_BROKERS is not set: start a broker with `export NETLEDGER_KAFKA_BROKERS=$(ops/kafka/broker.sh start)` (or run .ci/run)');
  return brokers;
};

export const brokerSh = (...args: string[]): string =>
  execFileSync(BROKER_SH, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();

/**
 * A broker of the test's own in a fresh dir, so a test can kill -9 and restart it without
 * touching the shared one; `stop` (for afterAll) stops it and removes its dir.
 */
export const privateBroker = (name: string) => {
  let dir: string | undefined;
  const on = (command: string, ...more: string[]) => brokerSh(command, '--dir', dir!, ...more);
  // A test file killed on its timeout never runs afterAll: the broker then goes with its process.
  const owned = ['--owner', String(process.pid)];
  return {
    /** Starts it; returns its bootstrap address. */
    start: (): string => {
      dir = mkdtempSync(join(tmpdir(), `netledger-${name}-`));
      return on('start', ...owned);
    },
    kill: () => on('kill'),
    /** Restarts it on the same dir and ports; returns its bootstrap address. */
    restart: () => on('restart', ...owned),
    stop: () => {
      if (!dir) return;
      try {
        on('stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
};
