import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** How long the store may take to say where its head is before the node is called unready. */
const STORE_PROBE_MS = 1000;

const withDeadline = <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
};

const probeSchema = { hide: true } as const;

/** GET /healthz: the process answers. */
async function alive() {
  return { status: 'alive' };
}

/** GET /readyz: the log is recovered, the projections have caught up and the store answers. */
async function readiness(this: FastifyInstance, _request: FastifyRequest, reply: FastifyReply) {
  const { engine } = this;
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
}

/** GET /metrics: the node's Prometheus exposition (registered only when the node has metrics). */
async function showMetrics(this: FastifyInstance, _request: FastifyRequest, reply: FastifyReply) {
  const { registry } = this.metrics!;
  return reply.header('content-type', registry.contentType).send(await registry.metrics());
}

/** What an operator's probes and scraper ask. */
export const healthRoutes = async (app: FastifyInstance): Promise<void> => {
  app.get('/healthz', { schema: probeSchema }, alive);
  app.get('/readyz', { schema: probeSchema }, readiness);
  if (app.metrics) app.get('/metrics', { schema: probeSchema }, showMetrics);
};
