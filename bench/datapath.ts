/**
 * The kernel datapath's figures (issue 21), run as root: `node --import tsx bench/datapath.ts`.
 * 1. Neighbors programmed per second on one host: a network's bridge and VXLAN device, then N
 *    remote ports (tunnel FDB entry, bridge entry, permanent neighbor each), as one diff and as N
 *    diffs of one op arriving back to back, until the kernel holds them all.
 * 2. Port create (API answered) to the first ping reply, through a real server and two agents.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Op } from '../projections/goal-state/ops.js';
import { LinuxDatapath } from '../southbound/datapath/linux-datapath.js';
import { vxlanOf } from '../southbound/datapath/names.js';
import { Lab, inNetns, sh } from '../test-kit/lab.js';
import { api, startLabAgent } from '../test-kit/lab-cloud.js';
import { startServer, stopGracefully } from '../test-kit/server-process.js';

const NETWORK = 'bench-net';
const mac = (i: number) => `fa:16:3e:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
const neighborOp = (i: number): Op => ({
  op: 'upsert',
  kind: 'neighbor',
  id: `n${i}`,
  body: {
    id: `n${i}`,
    network_id: NETWORK,
    mac_address: mac(i),
    fixed_ips: [{ subnet_id: 's', ip_address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }],
    host_id: `remote-${i % 100}`,
    tunnel_ip: `198.51.100.${(i % 100) + 2}`,
  },
});

const neighborsPerSecond = async (lab: Lab, count: number, asOneDiff: boolean): Promise<{ ms: number; perSecond: number; inKernel: number }> => {
  const host = await lab.host(200 + (asOneDiff ? 0 : 1) + (count > 1000 ? 2 : 0));
  const datapath = new LinuxDatapath({ tunnelIp: host.tunnelIp, netns: host.netns, stateDir: join(tmpdir(), `netledger-bench-${lab.prefix}`) });
  datapath.adopt({ network: { [NETWORK]: { id: NETWORK, segmentation_id: 4000, mtu: 1450, admin_state_up: true } } });
  await datapath.idle();
  const ops = Array.from({ length: count }, (_, i) => neighborOp(i + 1));
  const started = process.hrtime.bigint();
  if (asOneDiff) datapath.apply(ops);
  else for (const op of ops) datapath.apply([op]);
  await datapath.idle();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const inKernel = (await sh('ip', '-n', host.netns, 'neigh', 'show', 'dev', vxlanOf(NETWORK), 'nud', 'permanent')).trim().split('\n').length;
  await datapath.close();
  return { ms: Math.round(ms), perSecond: Math.round((count / ms) * 1000), inKernel };
};

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

const createToFirstPing = async (lab: Lab, ports: number): Promise<{ p50: number; p99: number; max: number; samples: number }> => {
  const dir = await mkdtemp(join(tmpdir(), 'netledger-bench-ping-'));
  await chmod(dir, 0o755);
  const hosts = [await lab.host(1), await lab.host(2)];
  const server = await startServer(['--data-dir', join(dir, 'data')]);
  try {
    const client = api(server.url);
    for (const [i, host] of hosts.entries()) await client.post('/v1/hosts', { host: { id: `h${i + 1}`, name: `h${i + 1}`, tunnel_ip: host.tunnelIp, mac: `02:00:00:00:09:0${i + 1}` } });
    for (const [i, host] of hosts.entries()) startLabAgent(lab, server.url, `h${i + 1}`, host, join(dir, `state-${i + 1}`));
    const network = (await client.post('/v2.0/networks', { network: { name: 'bench' } })).body.network.id;
    await client.post('/v2.0/subnets', { subnet: { network_id: network, ip_version: 4, cidr: '10.9.0.0/16' } });
    const port = async (host: number) => {
      const created = await client.post('/v2.0/ports', { port: { network_id: network, 'binding:host_id': `h${host}`, port_security_enabled: false } });
      const answered = process.hrtime.bigint();
      const { id, mac_address, fixed_ips } = created.body.port as { id: string; mac_address: string; fixed_ips: { ip_address: string }[] };
      const vm = await lab.vm(hosts[host - 1], id, mac_address);
      await inNetns(vm.netns, 'ip', 'addr', 'add', `${fixed_ips[0].ip_address}/16`, 'dev', 'eth0');
      return { ip: fixed_ips[0].ip_address, vm, answered };
    };
    const from = await port(1);
    const samples: number[] = [];
    for (let i = 0; i < ports; i++) {
      const to = await port(2);
      // Pings every 10 ms until the first reply (or 10 s).
      await new Promise<void>((resolve) => spawn('ip', ['netns', 'exec', from.vm.netns, 'ping', '-c', '1', '-w', '10', '-i', '0.01', to.ip], { stdio: 'ignore' }).once('exit', () => resolve()));
      samples.push(Number(process.hrtime.bigint() - to.answered) / 1e6);
    }
    samples.sort((a, b) => a - b);
    return { p50: Math.round(quantile(samples, 0.5)), p99: Math.round(quantile(samples, 0.99)), max: Math.round(samples.at(-1)!), samples: samples.length };
  } finally {
    await stopGracefully(server);
    await rm(dir, { recursive: true, force: true });
  }
};

const lab = new Lab();
try {
  await lab.start();
  const results = {
    neighbors1000OneDiff: await neighborsPerSecond(lab, 1000, true),
    neighbors10000OneDiff: await neighborsPerSecond(lab, 10_000, true),
    neighbors10000OneOpDiffs: await neighborsPerSecond(lab, 10_000, false),
    createToFirstPing: await createToFirstPing(lab, Number(process.env.PORTS ?? 40)),
  };
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} finally {
  await lab.destroy();
}
