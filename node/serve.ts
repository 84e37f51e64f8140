import { mkdir, readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import * as E from 'fp-ts/lib/Either.js';
import { pino } from 'pino';
import { buildApp } from '../api/app.js';
import { closeGracefully } from '../api/close-gracefully.js';
import type { EventStore } from '../domain/index.js';
import { authModeOf, type AuthFlags } from './auth-config.js';
import { allOf, commandLog } from '../engine/index.js';
import { kafkaConfigOf, startKafkaPublisher, type KafkaFlags } from './kafka-southbound.js';
import type { DiffPublisher } from '../southbound/kafka/index.js';
import { startEngineNode } from './node.js';
import { NovaNotifier } from './nova/nova-notifier.js';
import { Metrics } from './metrics.js';
import { policyOf } from './policy-config.js';
import { describeStoreLocation, openStore, storeLocationOf, type StoreFlags } from '../infra/store/store-location.js';
import { DataDirLock } from '../infra/store/index.js';

export interface ServeOptions extends AuthFlags, StoreFlags, KafkaFlags {
  /** http: the embedded watch only; kafka: also publish every host's diffs to Kafka. */
  readonly southbound?: 'http' | 'kafka';
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  /** PEM files: serve https instead of http. */
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  /** Seconds of silence after which an agent's host's ports go DOWN. */
  readonly agentTimeout?: number;
  /** Nova's compute endpoint: tell it of its servers' ports (vif-plugged and the rest). */
  readonly novaUrl?: string;
  /** YAML overriding Neutron's default policy rules by name. */
  readonly policyFile?: string;
  /** The largest page a list answers; 0: unbounded. */
  readonly paginationMaxLimit?: number;
  /** Events, and seconds, between two checkpoints at most. */
  readonly checkpointEvents?: number;
  readonly checkpointSeconds?: number;
}

/** How long SIGTERM waits for in-flight requests before cutting connections. */
const SHUTDOWN_GRACE_MS = 10_000;
/** After the fold stopped: how long the answers already given (503s) have to leave before the exit. */
const FAIL_GRACE_MS = 1_000;

/** Opens the log, folds it into the projections, and serves the API until SIGTERM or SIGINT. */
export const serve = async (options: ServeOptions): Promise<void> => {
  const logger = pino({ level: options.logLevel });
  const auth = await authModeOf(options);
  if (E.isLeft(auth)) {
    logger.fatal(auth.left);
    process.exit(2);
  }
  const policy = await policyOf(options.policyFile);
  if (E.isLeft(policy)) {
    logger.fatal(policy.left);
    process.exit(2);
  }
  const location = storeLocationOf(options);
  if ('error' in location) {
    logger.fatal(location.error);
    process.exit(2);
  }
  const kafka = options.southbound === 'kafka' ? kafkaConfigOf(options) : undefined;
  if (kafka && 'error' in kafka) {
    logger.fatal(kafka.error);
    process.exit(2);
  }
  if (!options.tlsCert !== !options.tlsKey) {
    logger.fatal('give both --tls-cert and --tls-key, or neither');
    process.exit(2);
  }
  const https = options.tlsCert ? { cert: await readFile(options.tlsCert), key: await readFile(options.tlsKey!) } : undefined;
  const started = Date.now();
  const metrics = new Metrics();
  // The data dir holds what this node derives from the log (audit index, world snapshots, the
  // goal-state archive) whatever the store: its writer holds the dir's lock. The embedded store
  // takes it itself, beside its segments.
  if (location.location.kind !== 'embedded') {
    await mkdir(options.dataDir, { recursive: true });
    await DataDirLock.acquire(options.dataDir).catch((error: Error) => {
      logger.fatal(error.message);
      process.exit(2);
    });
  }
  const store: EventStore = await openStore(location.location, { observer: metrics.store });
  let publisher: DiffPublisher | undefined;
  // The fold stopping (an event that fails to apply, a corrupt record) leaves this node unready
  // and its waiting requests answered 503; it exits non-zero so that its supervisor restarts it.
  let app: FastifyInstance | undefined;
  const failFast = (error: Error) => {
    logger.fatal({ err: error }, 'the fold of the log stopped: this node is unready and exits so that its supervisor restarts it');
    void (app ? closeGracefully(app, FAIL_GRACE_MS, () => undefined) : Promise.resolve()).finally(() => process.exit(70));
  };
  const onRebuilt = (folder: string, reason: string) => logger.warn({ folder, reason }, `derived data in ${folder} is rebuilt: ${reason}`);
  const checkpoints = {
    everyEvents: options.checkpointEvents,
    everyMs: options.checkpointSeconds === undefined ? undefined : options.checkpointSeconds * 1000,
    log: (message: string) => logger.warn(message),
  };
  const node = await startEngineNode(store, options.dataDir, { observer: allOf(metrics.commandsObserver, commandLog(logger)), onFailure: failFast }, { onRebuilt }, checkpoints);
  const { engine } = node;
  metrics.watch(engine);
  logger.info(
    { position: engine.world.position, fromCheckpoint: node.startedFrom, ms: Date.now() - started, store: describeStoreLocation(location.location) },
    node.startedFrom > 0 ? 'log recovered, projections taken up from a checkpoint and the log after it' : 'log recovered and projections rebuilt',
  );
  if (kafka) {
    publisher = startKafkaPublisher(kafka, store, node.southbound, logger, metrics, node.foldStart);
    logger.info({ brokers: kafka.brokers, diffs: kafka.diffsTopic, snapshots: kafka.snapshotsTopic }, 'publishing the southbound to Kafka');
  }
  const southbound = { ...node.app.southbound!, agentTimeoutMs: (options.agentTimeout ?? 15) * 1000 };
  app = await buildApp({ ...node.app, southbound, auth: auth.right, policy: policy.right, paginationMaxLimit: options.paginationMaxLimit, logger, metrics, https });
  await app.listen({ host: options.host, port: options.port });
  // Under Keystone, Nova is told with the service user's token, as Neutron's [nova] section does.
  const keystone = auth.right.mode === 'keystone' ? auth.right.keystone : undefined;
  const nova = options.novaUrl ? new NovaNotifier(engine.world, { novaUrl: options.novaUrl, token: keystone && (() => keystone.serviceToken()) }) : undefined;
  if (nova) {
    metrics.watchNova(nova.figures);
    nova.start(store);
    logger.info({ novaUrl: options.novaUrl }, "telling Nova about its servers' ports");
  }
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    // Requests in flight finish (their commands are appended and answered); new ones get 503.
    await closeGracefully(app, SHUTDOWN_GRACE_MS, () =>
      logger.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown grace period over: closing the remaining connections'),
    );
    await nova?.stop();
    await publisher?.stop();
    await node.stop();
    await store.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
};
