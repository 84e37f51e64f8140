import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine/index.js';
import type { Metrics } from '../../node/metrics.js';

/** How long the store may take to say where its head is before the node is called unready. */
const STORE_PROBE_MS = 1000;

const withDeadline = <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
};

/**
 * What an operator's probes and scraper ask: `/healthz` (the process answers), `/readyz` (the
 * log is recovered, the projections have caught up and the store answers) and `/metrics`.
 */
export const healthRoutes = (app: FastifyInstance, engine: Engine, metrics: Metrics | undefined): void => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'alive' }));

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const head = await withDeadline(
      engine.store.headPosition().catch((error: unknown) => (error instanceof Error ? error.message : String(error))),
      STORE_PROBE_MS,
    );
    // Under load the world trails the head by the appends of the last few milliseconds: the lag
    // is shown, but readiness asks only that the recovered log was folded in once.
    const checks = { logRecoveredAndProjectionsCaughtUp: engine.ready, storeReachable: typeof head === 'number' };
    const ready = checks.logRecoveredAndProjectionsCaughtUp && checks.storeReachable;
    const body = {
      status: ready ? 'ready' : 'unready',
      checks,
      appliedPosition: engine.world.position,
      headPosition: typeof head === 'number' ? head : null,
      ...(typeof head === 'string' ? { storeError: head } : {}),
    };
    if (!ready) reply.header('Retry-After', '1');
    return reply.code(ready ? 200 : 503).send(body);
  });

  if (metrics)
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
      reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics()),
    );
};
