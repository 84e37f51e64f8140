import type { AddressInfo } from 'node:net';
import { buildApp } from '../api/app.js';
import { closeGracefully } from '../api/close-gracefully.js';
import { HostStreams } from '../southbound/host-streams.js';
import { engineOn } from './engine-fixture.js';
import { GoalStates } from '../projections/goal-state/index.js';
import { IdempotencyKeys } from '../projections/index.js';

/** A real node on a data dir: engine, host streams and the HTTP API, on `port` (0 = any). */
export const serverOn = async (dataDir: string | undefined, options: { port?: number; window?: number; heartbeatMs?: number; agentTimeoutMs?: number } = {}) => {
  const streams = new HostStreams(new GoalStates(), { window: options.window ?? 1000 });
  const idempotencyKeys = new IdempotencyKeys();
  const harness = await engineOn([idempotencyKeys, streams], dataDir);
  const app = await buildApp({
    engine: harness.engine,
    idempotencyKeys,
    auth: { mode: 'none', defaultProject: 'p' },
    logger: false,
    southbound: { streams, heartbeatMs: options.heartbeatMs ?? 200, agentTimeoutMs: options.agentTimeoutMs },
  });
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const port = (app.server.address() as AddressInfo).port;
  return {
    ...harness,
    streams,
    app,
    port,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await closeGracefully(app, 1000);
      await harness.stop();
    },
  };
};
