import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Engine } from '../engine/index.js';
import type { Metrics } from '../node/metrics.js';
import type { TimeMachine } from '../history/time-machine.js';
import { Watchers, type HostStreams, type WatchersOptions } from '../southbound/index.js';
import { authentication, type AuthMode } from './plugins/auth.js';
import { idempotency } from './plugins/idempotency.js';
import { logPosition } from './plugins/log-position.js';
import { strictJsonBodies } from './plugins/json-body.js';
import { neutronErrors, neutronFrameworkErrors } from './plugins/neutron-errors.js';
import { parseQueryString, refuseMalformedQueries } from './plugins/query-string.js';
import { readViews } from './as-of.js';
import { auditRoutes } from './routes/audit.js';
import { discoveryRoutes } from './routes/discovery.js';
import { extensionRoutes } from './routes/extensions.js';
import { healthRoutes } from './routes/health.js';
import { hostRoutes } from './routes/hosts.js';
import { ipAvailabilityRoutes } from './routes/ip-availability.js';
import { networkRoutes } from './routes/networks.js';
import { portRoutes } from './routes/ports.js';
import { routerRoutes } from './routes/routers.js';
import { securityGroupRuleRoutes } from './routes/security-group-rules.js';
import { securityGroupRoutes } from './routes/security-groups.js';
import { southboundRoutes } from './routes/southbound.js';
import { subnetRoutes } from './routes/subnets.js';

export interface AppOptions {
  readonly engine: Engine;
  readonly auth: AuthMode;
  readonly logger?: Logger | false;
  /** Largest accepted request body in bytes (413 beyond). */
  readonly bodyLimit?: number;
  /** Served at /metrics when given. */
  readonly metrics?: Metrics;
  /** Answers `as_of` reads and the audit API when given. */
  readonly timeMachine?: TimeMachine;
  /** The per-host diff streams to serve at /southbound/v1 (goal states, watches, digests). */
  readonly southbound?: { readonly streams: HostStreams } & WatchersOptions;
  /** PEM certificate and key: serve https (the API and the southbound watch) instead of http. */
  readonly https?: { readonly cert: Buffer; readonly key: Buffer };
}

/** The HTTP face of a node: Neutron's v2.0 API over the engine, with Neutron's errors. */
export const buildApp = async (options: AppOptions): Promise<FastifyInstance> => {
  const app = Fastify({
    ...(options.https ? { https: { cert: options.https.cert, key: options.https.key } } : {}),
    loggerInstance: options.logger || undefined,
    logger: options.logger === false ? false : undefined,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
    trustProxy: false,
    // One log line per request would cost more than the request itself at thousands per second.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => `req-${crypto.randomUUID()}`,
    routerOptions: { querystringParser: parseQueryString },
    frameworkErrors: neutronFrameworkErrors,
  }) as unknown as FastifyInstance;
  await app.register(swagger, {
    openapi: { openapi: '3.0.3', info: { title: 'netledger', description: 'Neutron v2.0 compatible network state engine', version: '0.1.0' } },
  });
  neutronErrors(app);
  refuseMalformedQueries(app);
  strictJsonBodies(app);
  authentication(app, options.auth);
  idempotency(app);
  logPosition(app, options.engine);
  readViews(app, options.engine, options.timeMachine);
  discoveryRoutes(app);
  healthRoutes(app, options.engine, options.metrics);
  networkRoutes(app, options.engine);
  subnetRoutes(app, options.engine);
  portRoutes(app, options.engine);
  securityGroupRoutes(app, options.engine);
  securityGroupRuleRoutes(app, options.engine);
  routerRoutes(app, options.engine);
  hostRoutes(app, options.engine);
  ipAvailabilityRoutes(app, options.engine);
  extensionRoutes(app);
  if (options.timeMachine) auditRoutes(app, options.timeMachine);
  if (options.southbound) {
    const watchers = new Watchers(options.southbound.streams, options.southbound);
    options.metrics?.watchSouthbound(watchers);
    southboundRoutes(app, options.engine, options.southbound.streams, watchers, options.timeMachine);
  }
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
};
