import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnAgent } from './agent-process.js';
import { EXTERNAL_BRIDGE, Lab, canRunKernelTests, sh, type LabHost, type LabVm } from './lab.js';
import { startServer, stopGracefully, type ServerProcess } from './server-process.js';

export interface Answer {
  readonly status: number;
  readonly body: any;
}

/** The Neutron API of a server, as a client calls it. */
export const api = (url: string) => {
  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    post: (path: string, body: unknown) => call('POST', path, body),
    put: (path: string, body: unknown) => call('PUT', path, body),
    get: (path: string) => call('GET', path),
    del: (path: string) => call('DELETE', path),
  };
};

export interface LabAgent {
  /** The last status line the agent printed. */
  status(): { seq: number; checksum: string } | undefined;
  kill(): void;
  output(): string;
}

/** `netledger agent --datapath linux` for a lab host: in the root namespace, programming the host's. */
export const startLabAgent = (lab: Lab, url: string, hostId: string, host: LabHost, stateDir: string, external = false): LabAgent => {
  const { child, status } = spawnAgent(['--host', hostId, '--server', url, '--datapath', 'linux',
    '--tunnel-ip', host.tunnelIp, '--netns', host.netns, '--state-dir', stateDir, ...(external ? ['--external-bridge', EXTERNAL_BRIDGE] : [])]);
  lab.track(child);
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.once('exit', (code, signal) => {
    if (signal !== 'SIGKILL') process.stderr.write(`agent ${hostId} exited (${code ?? signal}):\n${output}\n`);
  });
  return { status, kill: () => child.kill('SIGKILL'), output: () => output };
};

/** Waits until `check` holds (returns true), or fails saying what it waited for. */
export const eventually = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

export interface LabPort {
  readonly id: string;
  readonly ip: string;
  readonly mac: string;
  readonly vm: LabVm;
}

/**
 * A cloud on one machine: a lab of `hosts` hosts, a real `netledger serve`, the hosts registered
 * with their tunnel addresses, one `agent --datapath linux` per host, and one network with an
 * IPv4 subnet. With `external`, the outside world too (see Lab.external), holding that address
 * and prefix; `gateways` are the hosts (from 1) registered as gateway hosts (they do routers' SNAT).
 * `stop` takes it all down, namespaces included.
 */
export const startLabCloud = async (options: { hosts: number; cidr: string; dns?: string[]; agents?: boolean; external?: string; gateways?: number[] }) => {
  const lab = new Lab();
  const dir = await mkdtemp(join(tmpdir(), 'netledger-lab-'));
  // dnsmasq reads its hosts file after dropping to nobody.
  await chmod(dir, 0o755);
  let server: ServerProcess | undefined;
  const stop = async () => {
    if (server) await stopGracefully(server);
    await lab.destroy();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await lab.start();
    const hosts: LabHost[] = [];
    for (let i = 1; i <= options.hosts; i++) hosts.push(await lab.host(i));
    const outside = options.external === undefined ? undefined : await lab.external(hosts, options.external);
    server = await startServer(['--data-dir', join(dir, 'data')]);
    const url = server.url;
    const client = api(url);
    for (const [i, host] of hosts.entries()) {
      const gateway = options.gateways?.includes(i + 1) ?? false;
      const registered = await client.post('/v1/hosts', { host: { id: `h${i + 1}`, name: `h${i + 1}`, tunnel_ip: host.tunnelIp, mac: `02:00:00:00:01:${(i + 1).toString(16).padStart(2, '0')}`, gateway } });
      if (registered.status !== 201) throw new Error(`host h${i + 1}: ${JSON.stringify(registered.body)}`);
    }
    const agent = (i: number) => startLabAgent(lab, url, `h${i + 1}`, hosts[i], join(dir, `state-${i + 1}`), outside !== undefined);
    const agents = options.agents === false ? [] : hosts.map((_, i) => agent(i));
    const network = (await client.post('/v2.0/networks', { network: { name: 'lab' } })).body.network.id as string;
    const subnet = await client.post('/v2.0/subnets', { subnet: { network_id: network, ip_version: 4, cidr: options.cidr, dns_nameservers: options.dns ?? [] } });
    if (subnet.status !== 201) throw new Error(`subnet: ${JSON.stringify(subnet.body)}`);
    const prefix = options.cidr.split('/')[1];
    /** A port bound to host `host` (from 1) and its VM, with the port's address configured unless `dhcp`. */
    const port = async (host: number, fields: object = {}, dhcp = false): Promise<LabPort & { answeredAt: bigint }> => {
      const created = await client.post('/v2.0/ports', { port: { network_id: network, 'binding:host_id': `h${host}`, ...fields } });
      const answeredAt = process.hrtime.bigint();
      if (created.status !== 201) throw new Error(`port: ${JSON.stringify(created.body)}`);
      const { id, mac_address, fixed_ips } = created.body.port as { id: string; mac_address: string; fixed_ips: { ip_address: string }[] };
      const vm = await lab.vm(hosts[host - 1], id, mac_address);
      const ip = fixed_ips[0].ip_address;
      if (!dhcp) await sh('ip', '-n', vm.netns, 'addr', 'add', `${ip}/${prefix}`, 'dev', 'eth0');
      return { id, ip, mac: mac_address, vm, answeredAt };
    };
    return { lab, dir, url, client, hosts, agents, agent, network, port, outside, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

export type LabCloud = Awaited<ReturnType<typeof startLabCloud>>;

export const pings = (vm: LabVm, address: string, count = 1): Promise<boolean> =>
  sh('ip', 'netns', 'exec', vm.netns, 'ping', '-c', String(count), '-W', '1', '-i', '0.2', address).then(() => true, () => false);

/** The kernel tests need root and the tools; under CI they must run. */
export const kernelTestsRun = async (): Promise<boolean> => {
  const runs = await canRunKernelTests();
  if (!runs && process.env.CI === 'true') throw new Error('the kernel tests need root, iproute2, nftables, dnsmasq, ping and busybox');
  return runs;
};
