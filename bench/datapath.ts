/**
 * The kernel datapath's figures (issue 21), run as root: `node --import tsx bench/datapath.ts`.
 * 1. Neighbors programmed per second on one host: a network's bridge and VXLAN device, then N
 *    remote ports (tunnel FDB entry, bridge entry, permanent neighbor each), as one diff and as N
 *    diffs of one op arriving back to back, until the kernel holds them all.
 * 2. Port create (API answered) to the first ping reply, through a real server and two agents.
 */
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Op } from '../projections/goal-state/ops.js';
import { LinuxDatapath } from '../southbound/datapath/linux-datapath.js';
import { vxlanOf } from '../southbound/datapath/names.js';
import { Lab, sh } from '../test-kit/lab.js';
import { startLabCloud } from '../test-kit/lab-cloud.js';

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

const neighborsPerSecond = async (lab: Lab, count: number, asOneDiff: boolean): Promise<{ ms: number; perSecond: number; inKernel: number; agentCpuMs: number }> => {
  const host = await lab.host(200 + (asOneDiff ? 0 : 1) + (count > 1000 ? 2 : 0));
  const datapath = new LinuxDatapath({ tunnelIp: host.tunnelIp, netns: host.netns, stateDir: join(tmpdir(), `netledger-bench-${lab.prefix}`) });
  datapath.adopt({ network: { [NETWORK]: { id: NETWORK, segmentation_id: 4000, mtu: 1450, admin_state_up: true } } });
  await datapath.idle();
  const ops = Array.from({ length: count }, (_, i) => neighborOp(i + 1));
  const started = process.hrtime.bigint();
  // The agent's own CPU (user and system, this process alone: the tools it runs are not in it), which the machine's load does not stretch.
  const cpu = process.cpuUsage();
  if (asOneDiff) datapath.apply(ops);
  else for (const op of ops) datapath.apply([op]);
  await datapath.idle();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  const inKernel = (await sh('ip', '-n', host.netns, 'neigh', 'show', 'dev', vxlanOf(NETWORK), 'nud', 'permanent')).trim().split('\n').length;
  await datapath.close();
  return { ms: Math.round(ms), perSecond: Math.round((count / ms) * 1000), inKernel, agentCpuMs: Math.round((used.user + used.system) / 1000) };
};

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

const createToFirstPing = async (ports: number): Promise<{ p50: number; p99: number; max: number; samples: number }> => {
  const cloud = await startLabCloud({ hosts: 2, cidr: '10.9.0.0/16' });
  try {
    const from = await cloud.port(1, { port_security_enabled: false });
    const samples: number[] = [];
    for (let i = 0; i < ports; i++) {
      const to = await cloud.port(2, { port_security_enabled: false });
      // Pings every 10 ms until the first reply (or 10 s).
      await new Promise<void>((resolve) => spawn('ip', ['netns', 'exec', from.vm.netns, 'ping', '-c', '1', '-w', '10', '-i', '0.01', to.ip], { stdio: 'ignore' }).once('exit', () => resolve()));
      samples.push(Number(process.hrtime.bigint() - to.answeredAt) / 1e6);
    }
    samples.sort((a, b) => a - b);
    return { p50: Math.round(quantile(samples, 0.5)), p99: Math.round(quantile(samples, 0.99)), max: Math.round(samples.at(-1)!), samples: samples.length };
  } finally {
    await cloud.stop();
  }
};

const lab = new Lab();
try {
  await lab.start();
  const figures: Record<string, () => Promise<unknown>> = {
    neighbors1000OneDiff: () => neighborsPerSecond(lab, 1000, true),
    neighbors10000OneDiff: () => neighborsPerSecond(lab, 10_000, true),
    neighbors10000OneOpDiffs: () => neighborsPerSecond(lab, 10_000, false),
    createToFirstPing: () => createToFirstPing(Number(process.env.PORTS ?? 40)),
  };
  // ONLY=name[,name]: just those figures (a profile or a before/after pair of one of them).
  const only = process.env.ONLY?.split(',');
  const results: Record<string, unknown> = {};
  for (const [name, figure] of Object.entries(figures)) if (!only || only.includes(name)) results[name] = await figure();
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} finally {
  await lab.destroy();
}
