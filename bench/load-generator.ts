// The HTTP load generator, run as its own process so its CPU is not the server's event loop:
//   node --import tsx bench/load-generator.ts '<LoadSpec as JSON>'
// prints one LoadResult as JSON on stdout.
import autocannon from 'autocannon';

export interface LoadSpec {
  readonly url: string;
  readonly connections: number;
  /** Seconds of load (or `amount` requests, whichever is given). */
  readonly duration?: number;
  readonly amount?: number;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** GET: these paths one after another instead of `path` (with one connection, in this order). */
  readonly paths?: readonly string[];
  /** POST: one port create per request, cycling through these networks. */
  readonly networkIds?: readonly string[];
}

export interface LoadResult {
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly seconds: number;
  /** Latency percentiles in ms over every request. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

const spec = JSON.parse(process.argv[2]) as LoadSpec;
let next = 0;
const networks = spec.networkIds ?? [];
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  ...(spec.amount ? { amount: spec.amount } : { duration: spec.duration ?? 3 }),
  requests: spec.paths?.map((path) => ({ method: 'GET' as const, path })) ?? [
    {
      method: spec.method,
      path: spec.path,
      headers: { 'content-type': 'application/json' },
      ...(spec.method === 'POST' && {
        setupRequest: (request: any) => ({
          ...request,
          body: JSON.stringify({ port: { network_id: networks[next++ % networks.length] } }),
        }),
      }),
    },
  ],
});
const answer: LoadResult = {
  ok: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  seconds: result.duration,
  p50: result.latency.p50,
  p99: result.latency.p99,
  max: result.latency.max,
};
process.stdout.write(`${JSON.stringify(answer)}\n`);
