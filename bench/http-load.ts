import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, stopGracefully, type ServerProcess } from '../test-kit/server-process.js';
import { figure, type Figure, type Target } from './figures.js';
import { load } from './load.js';
import { cidrOf } from './tenants.js';

/** `netledger serve` in its own process on a fresh data dir (or on the store the flags name). */
export const startServe = async (flags: readonly string[] = []) => {
  const dir = await mkdtemp(join(tmpdir(), 'netledger-bench-serve-'));
  const server = await startServer(['--data-dir', dir, '--log-level', 'info', ...flags]);
  return {
    server,
    stop: async () => {
      await stopGracefully(server);
      await rm(dir, { recursive: true, force: true });
    },
  };
};

const post = async (url: string, path: string, body: unknown): Promise<any> => {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json();
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
};

/** `count` networks, each with an IPv4 subnet (a /16 by default: room for 65k ports), created over the API; returns their ids. */
export const createNetworksOverHttp = async (server: ServerProcess, count: number, prefix = 16): Promise<string[]> => {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const { network } = await post(server.url, '/v2.0/networks', { network: { name: `bench-${n}` } });
    await post(server.url, '/v2.0/subnets', { subnet: { network_id: network.id, ip_version: 4, cidr: cidrOf(n, prefix) } });
    ids.push(network.id);
  }
  return ids;
};

export interface CreateLoad {
  readonly createsPerSecond: number;
  readonly p99: number;
  readonly refused: number;
}

/** Port creates from `connections` clients for `seconds`, split evenly over the servers (one generator process each). */
export const portCreates = async (urls: readonly string[], connections: number, seconds: number, networkIds: readonly string[]): Promise<CreateLoad> => {
  const results = await Promise.all(
    urls.map((url, i) =>
      load({
        url,
        connections: Math.max(1, Math.floor(connections / urls.length) + (i < connections % urls.length ? 1 : 0)),
        duration: seconds,
        method: 'POST',
        path: '/v2.0/ports',
        networkIds,
      }),
    ),
  );
  return {
    createsPerSecond: results.reduce((sum, r) => sum + r.ok / r.seconds, 0),
    // Per generator, autocannon gives percentiles; over several, the worst of them bounds the whole.
    p99: Math.max(...results.map((r) => r.p99)),
    refused: results.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0),
  };
};

/** The two figures of a set of runs at one concurrency: creates/s and p99. */
export const createFigures = (
  label: string,
  loads: readonly CreateLoad[],
  targets: { rate?: Target; p99?: Target } = {},
): Figure[] => {
  const refused = loads.reduce((sum, l) => sum + l.refused, 0);
  const note = refused > 0 ? `${refused} requests not answered 2xx` : undefined;
  return [
    figure(`${label} creates/s`, 'creates/s', loads.map((l) => l.createsPerSecond), targets.rate, note),
    figure(`${label} p99 latency`, 'ms', loads.map((l) => l.p99), targets.p99),
  ];
};
