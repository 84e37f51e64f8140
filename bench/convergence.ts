import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordedEvent } from '../domain/index.js';
import { Agent } from '../southbound/agent/index.js';
import { listen, openNode } from './bench-node.js';
import { figure, percentile, repeat, type Figure, type RunOptions, type Scale } from './figures.js';
import { createTenantNetwork, hostId, registerHosts } from './tenants.js';

/** At toy size (the smoke test, run beside the other scenarios) ten hosts are enough to run the code. */
const HOSTS_AT: Record<Scale, number> = { toy: 10, small: 100, large: 100 };
const PORTS: Record<Scale, number> = { toy: 6, small: 100, large: 300 };

/**
 * Scenario 11: convergence with 100 hosts, each running a reference agent over HTTP (in this
 * process) that reports what it applied. One client creates ports one after another, each bound to
 * the next host, in one network whose ports span every host: a create touches its host and, as a
 * neighbor, every host already holding a port there. Measured: the time from sending a create to
 * the PortStatusChanged that made it ACTIVE, and the time of a create with ?wait=hosts (answered
 * once every touched host applied it).
 */
export const run = async ({ scale, runs }: RunOptions): Promise<Figure[]> => {
  const HOSTS = HOSTS_AT[scale];
  const active: number[][] = [];
  const waited: number[][] = [];
  const touched: number[] = [];
  await repeat(runs, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'netledger-bench-convergence-'));
    const node = await openNode(dir);
    const server = await listen(node);
    const agents: Agent[] = [];
    try {
      await registerHosts(node, 0, HOSTS);
      await createTenantNetwork(node, 'conv', '10.200.0.0/16');
      for (let h = 0; h < HOSTS; h++) {
        const agent = new Agent({ hostId: hostId(h), server: server.url, report: { server: server.url, intervalMs: 2000 } });
        agents.push(agent);
        agent.start();
      }
      // Up when every agent has reported (an idle host's at seq 0 too).
      const reportedAll = async () => {
        for (let h = 0; h < HOSTS; h++) {
          const answer = (await (await fetch(`${server.url}/v1/hosts/${hostId(h)}`)).json()) as { host: { convergence: { checksum: string } } };
          if (answer.host.convergence.checksum !== 'match') return false;
        }
        return true;
      };
      while (!(await reportedAll())) await new Promise((resolve) => setTimeout(resolve, 100));

      const activeAt = new Map<string, number>();
      const subscription = node.store.subscribeToAll({
        after: node.engine.world.position,
        onEvent: (stored) => {
          const event = recordedEvent(stored);
          if (event.type === 'PortStatusChanged' && event.data.status === 'ACTIVE') activeAt.set(event.data.id, performance.now());
        },
      });
      const create = (p: number, wait: boolean) =>
        fetch(`${server.url}/v2.0/ports${wait ? '?wait=hosts&timeout=30' : ''}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ port: { network_id: 'conv', 'binding:host_id': hostId(p % HOSTS), device_owner: 'compute:bench' } }),
        });
      const sentAt = new Map<string, number>();
      const waits: number[] = [];
      for (let p = 0; p < PORTS[scale]; p++) {
        const wait = p % 2 === 1;
        const started = performance.now();
        const response = await create(p, wait);
        const body = (await response.json()) as { port: { id: string } };
        if (response.status !== 201) throw new Error(`create answered ${response.status}`);
        if (wait) {
          waits.push(performance.now() - started);
          touched.push((response.headers.get('x-netledger-waited-for') ?? '').split(', ').filter(Boolean).length);
        } else sentAt.set(body.port.id, started);
      }
      const deadline = Date.now() + 60_000;
      while ([...sentAt.keys()].some((id) => !activeAt.has(id)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      await subscription.close();
      const toActive = [...sentAt].map(([id, at]) => (activeAt.get(id) ?? Number.NaN) - at);
      if (toActive.some(Number.isNaN)) throw new Error('some ports never went ACTIVE');
      active.push(toActive);
      waited.push(waits);
    } finally {
      await Promise.all(agents.map((agent) => agent.stop()));
      await server.close();
      await node.stop();
      await rm(dir, { recursive: true, force: true });
    }
    return 0;
  });
  const note = `${HOSTS} hosts with agents in the server's process, ${PORTS[scale]} creates per run from one client, every port in one network`;
  return [
    figure('port create -> ACTIVE, p50', 'ms', active.map((samples) => percentile(samples, 50)), undefined, note),
    figure('port create -> ACTIVE, p99', 'ms', active.map((samples) => percentile(samples, 99)), undefined, note),
    figure('create with ?wait=hosts -> every touched host applied, p50', 'ms', waited.map((samples) => percentile(samples, 50)), undefined, note),
    figure('create with ?wait=hosts -> every touched host applied, p99', 'ms', waited.map((samples) => percentile(samples, 99)), undefined, note),
    figure('hosts a create waited for, median', 'hosts', [percentile(touched, 50)], undefined, 'one sample over all runs'),
  ];
};
