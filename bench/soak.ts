import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, stopGracefully } from '../test-kit/server-process.js';
import { figure, type Figure, type RunOptions, type Scale } from './figures.js';

const SIZES: Record<Scale, { seconds: number; workers: number; networks: number; hosts: number; livePerWorker: number }> = {
  toy: { seconds: 4, workers: 4, networks: 2, hosts: 4, livePerWorker: 5 },
  small: { seconds: 60, workers: 32, networks: 16, hosts: 50, livePerWorker: 50 },
  large: { seconds: 600, workers: 64, networks: 32, hosts: 100, livePerWorker: 100 },
};

const rssMiB = async (pid: number): Promise<number> => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
};

const post = async (url: string, path: string, body: unknown) =>
  (await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<any>;

/**
 * Issue 11's soak: a server process under steady high load (creates and deletes of ports bound to
 * hosts, so the live set stays constant while the log grows, and every change goes down the hosts'
 * goal-state streams and into their archive), its resident memory sampled every second. Memory
 * that follows the live set stays flat; what still grows is what is kept per event of history
 * (the audit index and the embedded store's record index did, until they left the heap).
 */
const soak = async (size: (typeof SIZES)[Scale]) => {
  const dir = await mkdtemp(join(tmpdir(), 'netledger-soak-'));
  const server = await startServer(['--data-dir', dir, '--log-level', 'info']);
  try {
    const hosts = Array.from({ length: size.hosts }, (_, h) => `soak-host-${h}`);
    for (const [h, id] of hosts.entries())
      await post(server.url, '/v1/hosts', { host: { id, name: id, tunnel_ip: `198.18.${h >> 8}.${h & 255}`, mac: `02:00:00:00:${(h >> 8).toString(16).padStart(2, '0')}:${(h & 255).toString(16).padStart(2, '0')}` } });
    const networks: string[] = [];
    for (let n = 0; n < size.networks; n++) {
      const network = (await post(server.url, '/v2.0/networks', { network: { name: `soak-${n}` } })).network.id;
      await post(server.url, '/v2.0/subnets', { subnet: { network_id: network, ip_version: 4, cidr: `10.${n}.0.0/16` } });
      networks.push(network);
    }
    const samples: { at: number; rss: number; position: number }[] = [];
    let operations = 0;
    let failures = 0;
    const started = Date.now();
    const deadline = started + size.seconds * 1000;
    let position = 0;
    const sampler = setInterval(() => {
      void rssMiB(server.child.pid!).then((rss) => samples.push({ at: (Date.now() - started) / 1000, rss, position }));
    }, 1000);
    await Promise.all(
      Array.from({ length: size.workers }, async (_, w) => {
        const live: string[] = [];
        for (let i = 0; Date.now() < deadline; i++) {
          const response = await fetch(`${server.url}/v2.0/ports`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ port: { network_id: networks[(w + i) % networks.length], 'binding:host_id': hosts[(w * 7 + i) % hosts.length] } }),
          });
          position = Number(response.headers.get('x-netledger-position')) || position;
          const body = (await response.json()) as any;
          operations += 1;
          if (response.status !== 201) failures += 1;
          else live.push(body.port.id);
          if (live.length > size.livePerWorker) {
            const removed = await fetch(`${server.url}/v2.0/ports/${live.shift()}`, { method: 'DELETE' });
            operations += 1;
            if (removed.status !== 204) failures += 1;
          }
        }
      }),
    );
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    // Past the first fifth the live set is full: from then on memory should not climb.
    const settled = samples.filter((s) => s.at >= size.seconds / 5);
    const first = settled[0];
    const last = settled[settled.length - 1];
    return {
      opsPerSecond: operations / seconds,
      failures,
      settledRss: first.rss,
      finalRss: last.rss,
      peakRss: Math.max(...settled.map((s) => s.rss)),
      growthMiB: last.rss - first.rss,
      bytesPerEvent: last.position > first.position ? ((last.rss - first.rss) * 2 ** 20) / (last.position - first.position) : 0,
      events: last.position - first.position,
      // One sample alone follows the collections' sawtooth; the lowest of each fifth shows a trend.
      lowestPerFifth: Array.from({ length: 5 }, (_, f) =>
        Math.min(...settled.slice(Math.floor((f * settled.length) / 5), Math.floor(((f + 1) * settled.length) / 5)).map((s) => s.rss)),
      ),
    };
  } finally {
    await stopGracefully(server);
    await rm(dir, { recursive: true, force: true });
  }
};

/** Soak: resident memory under a steady load of port creates and deletes. */
export const run = async ({ scale }: RunOptions): Promise<Figure[]> => {
  const size = SIZES[scale];
  const result = await soak(size);
  const note = `${size.seconds} s, ${size.workers} clients, ${size.workers * size.livePerWorker} live ports, ${result.events.toLocaleString('en-US')} events after warm-up, ${result.failures} non-2xx`;
  return [
    figure('soak: creates + deletes', 'ops/s', [result.opsPerSecond], undefined, note),
    figure('soak: resident memory after warm-up', 'MiB', [result.settledRss], undefined, note),
    figure('soak: resident memory at the end', 'MiB', [result.finalRss], undefined, note),
    figure('soak: resident memory growth after warm-up', 'MiB', [result.growthMiB], undefined, note),
    figure('soak: resident memory growth per event of history', 'bytes/event', [result.bytesPerEvent], undefined, note),
    figure('soak: lowest resident memory in the last fifth of the run', 'MiB', [result.lowestPerFifth[4]], undefined, `lowest per fifth: ${result.lowestPerFifth.map((rss) => rss.toFixed(0)).join(', ')} MiB`),
  ];
};
