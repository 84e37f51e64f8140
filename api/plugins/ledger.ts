import fp from 'fastify-plugin';
import type { Engine } from '../../engine/index.js';
import type { TimeMachine } from '../../history/time-machine.js';
import type { IdempotencyKeys } from '../../projections/index.js';
import type { HostReports, HostStreams, TouchedHosts, Watchers } from '../../southbound/index.js';
import type { PortStatusRecorder } from '../convergence/port-status-recorder.js';
import type { NodeMetrics } from '../metrics.js';

/** The hosts' diff streams, the watches open on them, what their agents report, and the port statuses those make. */
export interface Southbound {
  readonly streams: HostStreams;
  readonly watchers: Watchers;
  readonly reports: HostReports;
  readonly convergence: PortStatusRecorder;
  /** Which hosts each position changed: what a write that waits waits for. */
  readonly touched: TouchedHosts;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The command engine and its present world. */
    readonly engine: Engine;
    /** The Idempotency-Keys the log's writes were made under, folded beside the world. */
    readonly idempotencyKeys: IdempotencyKeys;
    /** As-of reads and the audit index; a node without them answers as_of with 400. */
    readonly history: TimeMachine | undefined;
    /** Served at /southbound/v1 when the node has it. */
    readonly southbound: Southbound | undefined;
    /** Served at /metrics when the node has them. */
    readonly metrics: NodeMetrics | undefined;
    /** The largest page a list answers (Neutron's pagination_max_limit); 0: unbounded. */
    readonly paginationMaxLimit: number;
  }
}

export interface LedgerOptions {
  readonly engine: Engine;
  readonly idempotencyKeys: IdempotencyKeys;
  readonly history?: TimeMachine;
  readonly southbound?: Southbound;
  readonly metrics?: NodeMetrics;
  readonly paginationMaxLimit?: number;
}

/** Any caller may ask for a whole collection: without a bound, one list of a big cloud is megabytes built in one go. */
export const DEFAULT_PAGINATION_MAX_LIMIT = 1000;

/** The parts of the node the routes read, decorated once on the root instance. */
export const ledger = fp<LedgerOptions>(
  async (app, options) => {
    app.decorate('engine', options.engine);
    app.decorate('idempotencyKeys', options.idempotencyKeys);
    app.decorate('history', options.history);
    app.decorate('southbound', options.southbound);
    app.decorate('metrics', options.metrics);
    app.decorate('paginationMaxLimit', options.paginationMaxLimit ?? DEFAULT_PAGINATION_MAX_LIMIT);
    const { southbound } = options;
    if (southbound) {
      app.addHook('preClose', async () => southbound.watchers.close());
      app.addHook('onClose', async () => {
        southbound.convergence.close();
        southbound.reports.close();
        southbound.touched.close();
      });
    }
  },
  { name: 'netledger-ledger', fastify: '5.x' },
);
