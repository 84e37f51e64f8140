import { pino } from 'pino';
import { buildApp } from '../api/app.js';
import type { EventStore } from '../domain/index.js';
import { Engine } from './engine/index.js';
import { EmbeddedEventStore } from './store/index.js';

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly logLevel: string;
}

/** Opens the log, folds it into the projections, and serves the API until SIGTERM or SIGINT. */
export const serve = async (options: ServeOptions): Promise<void> => {
  const logger = pino({ level: options.logLevel });
  const started = Date.now();
  const store: EventStore = await EmbeddedEventStore.open(options.dataDir);
  const engine = await Engine.start(store, []);
  logger.info({ position: engine.world.position, ms: Date.now() - started, dataDir: options.dataDir }, 'log recovered and projections rebuilt');
  const app = await buildApp({ engine, auth: { mode: 'none', defaultProject: 'admin' }, logger });
  await app.listen({ host: options.host, port: options.port });
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    await app.close();
    await engine.stop();
    await store.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
};
