import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Engine } from '../engine/index.js';
import type { TimeMachine } from '../history/time-machine.js';
import type { IdempotencyKeys } from '../projections/index.js';
import { HostReports, TouchedHosts, Watchers, type HostStreams, type WatchersOptions } from '../southbound/index.js';
import { PortStatusRecorder, type PortStatusRecorderOptions } from './convergence/port-status-recorder.js';
import type { NodeMetrics } from './metrics.js';
import { onlyJsonAnswers } from './plugins/accept.js';
import { authentication, type AuthMode } from './plugins/auth.js';
import { idempotency } from './plugins/idempotency.js';
import { waitForHostsPlugin } from './plugins/wait-for-hosts.js';
import { ledger } from './plugins/ledger.js';
import { policy } from './plugins/policy.js';
import { wellFormedText } from './plugins/well-formed-text.js';
import { ruleSetOf, type RuleSet } from './policy/index.js';
import { logPosition } from './plugins/log-position.js';
import { strictJsonBodies } from './plugins/json-body.js';
import { answerOversizedRequests, neutronErrors, neutronFrameworkErrors } from './plugins/neutron-errors.js';
import { parseQueryString, refuseMalformedQueries } from './plugins/query-string.js';
import { readViews } from './as-of.js';
import { neutronPath } from './neutron-paths.js';
import { auditRoutes } from './routes/audit.js';
import { availabilityZoneRoutes } from './routes/availability-zones.js';
import { discoveryRoutes } from './routes/discovery.js';
import { extensionRoutes } from './routes/extensions.js';
import { flavorRoutes } from './routes/flavors.js';
import { floatingIpRoutes } from './routes/floating-ips.js';
import { healthRoutes } from './routes/health.js';
import { hostRoutes } from './routes/hosts.js';
import { ipAvailabilityRoutes } from './routes/ip-availability.js';
import { networkRoutes } from './routes/networks.js';
import { portRoutes } from './routes/ports.js';
import { routerRoutes } from './routes/routers.js';
import { securityGroupRuleRoutes } from './routes/security-group-rules.js';
import { securityGroupRoutes } from './routes/security-groups.js';
import { serviceProviderRoutes } from './routes/service-providers.js';
import { southboundRoutes } from './routes/southbound.js';
import { agentRoutes } from './routes/agents.js';
import { subnetRoutes } from './routes/subnets.js';
import { addressScopeRoutes } from './routes/address-scopes.js';
import { subnetPoolRoutes } from './routes/subnet-pools.js';
import { rbacPolicyRoutes } from './routes/rbac-policies.js';
import { quotaRoutes } from './routes/quotas.js';
import { addressGroupRoutes } from './routes/address-groups.js';

export interface AppOptions {
  readonly engine: Engine;
  /** The index of Idempotency-Keys the engine folds (one of its projections). */
  readonly idempotencyKeys: IdempotencyKeys;
  readonly auth: AuthMode;
  readonly logger?: Logger | false;
  /** Largest accepted request body in bytes (413 beyond). */
  readonly bodyLimit?: number;
  /** Served at /metrics when given. */
  readonly metrics?: NodeMetrics;
  /** Answers `as_of` reads and the audit API when given. */
  readonly timeMachine?: TimeMachine;
  /** The per-host diff streams to serve at /southbound/v1 (goal states, watches, digests). */
  readonly southbound?: { readonly streams: HostStreams } & WatchersOptions & Pick<PortStatusRecorderOptions, 'agentTimeoutMs'>;
  /** Neutron's policy rules with the operator's overrides (default: Neutron's defaults). */
  readonly policy?: RuleSet;
  /** The largest page a list answers (Neutron's pagination_max_limit; default 1000); 0: unbounded. */
  readonly paginationMaxLimit?: number;
  /** PEM certificate and key: serve https (the API and the southbound watch) instead of http. */
  readonly https?: { readonly cert: Buffer; readonly key: Buffer };
}

const neutronDefaults = (): RuleSet => {
  const rules = ruleSetOf();
  if (rules._tag === 'Left') throw new Error(`Neutron's default policy does not parse: ${rules.left}`);
  return rules.right;
};

/** GET /openapi.json: the document generated from every route's schema. */
async function showOpenApi(this: FastifyInstance) {
  return this.swagger();
}

/** The southbound's parts: watches of the hosts' streams, their agents' reports, and the port statuses those make. */
const southboundOf = (engine: Engine, options: NonNullable<AppOptions['southbound']>, metrics: NodeMetrics | undefined) => {
  const { streams } = options;
  const watchers = new Watchers(streams, options);
  const reports = new HostReports(streams);
  const touched = new TouchedHosts(streams);
  const convergence = new PortStatusRecorder(engine, streams, reports, {
    agentTimeoutMs: options.agentTimeoutMs,
    onActive: (_port, seconds) => metrics?.portActivated(seconds),
  });
  metrics?.watchSouthbound(watchers);
  metrics?.watchConvergence(reports, convergence, streams);
  return { streams, watchers, reports, convergence, touched };
};

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
    rewriteUrl: (request) => neutronPath(request.url ?? '/'),
    clientErrorHandler: answerOversizedRequests,
  }) as unknown as FastifyInstance;
  await app.register(swagger, {
    openapi: { openapi: '3.0.3', info: { title: 'netledger', description: 'Neutron v2.0 compatible network state engine', version: '0.1.0' } },
  });
  const southbound = options.southbound && southboundOf(options.engine, options.southbound, options.metrics);
  // The order is the hooks' order: errors first, then the query string, the body, the caller, and so on.
  await app.register(ledger, { engine: options.engine, idempotencyKeys: options.idempotencyKeys, history: options.timeMachine, southbound, metrics: options.metrics, paginationMaxLimit: options.paginationMaxLimit });
  await app.register(neutronErrors);
  await app.register(refuseMalformedQueries);
  await app.register(onlyJsonAnswers);
  await app.register(strictJsonBodies);
  await app.register(wellFormedText);
  await app.register(authentication, { auth: options.auth });
  await app.register(policy, { rules: options.policy ?? neutronDefaults() });
  await app.register(idempotency);
  await app.register(waitForHostsPlugin);
  await app.register(logPosition);
  await app.register(readViews);
  await app.register(discoveryRoutes);
  await app.register(healthRoutes);
  await app.register(networkRoutes);
  await app.register(subnetRoutes);
  await app.register(portRoutes);
  await app.register(securityGroupRoutes);
  await app.register(securityGroupRuleRoutes);
  await app.register(routerRoutes);
  await app.register(floatingIpRoutes);
  await app.register(flavorRoutes);
  await app.register(hostRoutes);
  await app.register(ipAvailabilityRoutes);
  await app.register(addressScopeRoutes);
  await app.register(subnetPoolRoutes);
  await app.register(rbacPolicyRoutes);
  await app.register(quotaRoutes);
  await app.register(addressGroupRoutes);
  await app.register(availabilityZoneRoutes);
  await app.register(serviceProviderRoutes);
  await app.register(extensionRoutes);
  if (app.history) await app.register(auditRoutes);
  if (app.southbound) {
    await app.register(southboundRoutes);
    await app.register(agentRoutes);
  }
  app.get('/openapi.json', { schema: { hide: true } }, showOpenApi);
  return app;
};
