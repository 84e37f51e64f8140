import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNode } from './bench-node.js';
import { figure, repeat, type Figure, type RunOptions, type Scale } from './figures.js';
import { cidrOf, createPorts, createTenantNetwork, hostId, inParallel, networkId, registerHosts } from './tenants.js';

const SIZES: Record<Scale, { seconds: number; networks: number; hosts: number }> = {
  toy: { seconds: 0.3, networks: 4, hosts: 8 },
  small: { seconds: 2, networks: 64, hosts: 100 },
  large: { seconds: 5, networks: 64, hosts: 100 },
};

const HOSTS_PER_NETWORK = 10;

/**
 * Events/s through the whole write path in one process: decide, durable append with group
 * commit, and every projection a node runs (world, audit, snapshots, goal states, host streams).
 * One lane per network, all lanes busy at once; each command creates `batch` ports.
 */
const eventsPerSecond = async (size: (typeof SIZES)[Scale], batch: number): Promise<number> => {
  const dir = await mkdtemp(join(tmpdir(), 'netledger-bench-append-'));
  const node = await openNode(dir);
  try {
    await registerHosts(node, 0, size.hosts);
    const networks = Array.from({ length: size.networks }, (_, n) => networkId(n));
    await inParallel(networks.length, 16, (n) => createTenantNetwork(node, networks[n], cidrOf(n, 16)));
    const before = node.engine.world.position;
    const started = performance.now();
    const deadline = started + size.seconds * 1000;
    await Promise.all(
      networks.map(async (network, n) => {
        const hosts = Array.from({ length: HOSTS_PER_NETWORK }, (_, i) => hostId((n * HOSTS_PER_NETWORK + i) % size.hosts));
        for (let k = 0; performance.now() < deadline; k += batch) await node.run(createPorts(network, k, batch, hosts));
      }),
    );
    return (node.engine.world.position - before) / ((performance.now() - started) / 1000);
  } finally {
    await node.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

/** Scenario 2: in-process decide + durable append + all projections. */
export const run = async ({ scale, runs }: RunOptions): Promise<Figure[]> => {
  const size = SIZES[scale];
  const single = await repeat(runs, () => eventsPerSecond(size, 1));
  const bulk = await repeat(runs, () => eventsPerSecond(size, 50));
  return [
    figure('in-process append, 1 port per command', 'events/s', single, { atLeast: 50_000 }, `${size.networks} lanes`),
    figure('in-process append, 50 ports per command', 'events/s', bulk, undefined, `${size.networks} lanes`),
  ];
};
