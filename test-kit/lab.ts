import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Runs a command, failing with its stderr. */
export const sh = async (command: string, ...args: string[]): Promise<string> => {
  try {
    return (await exec(command, args, { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`${command} ${args.join(' ')}: ${stderr?.trim() ?? String(error)}`);
  }
};

/** Runs a command inside a namespace. */
export const inNetns = (netns: string, command: string, ...args: string[]): Promise<string> => sh('ip', 'netns', 'exec', netns, command, ...args);

/** Root, iproute2, nftables, dnsmasq and ping: what the kernel tests need. */
export const canRunKernelTests = async (): Promise<boolean> => {
  if (process.getuid?.() !== 0) return false;
  for (const tool of ['ip', 'bridge', 'nft', 'dnsmasq', 'ping', 'busybox'])
    if (!(await exec('sh', ['-c', `command -v ${tool}`]).then(() => true, () => false))) return false;
  return true;
};

/** Each lab host's bridge to the outside (the agents' --external-bridge). */
export const EXTERNAL_BRIDGE = 'brex';

export interface LabHost {
  readonly netns: string;
  readonly tunnelIp: string;
}

export interface LabVm {
  readonly netns: string;
  readonly tap: string;
}

/**
 * Hosts and VMs as network namespaces, as Neutron's fullstack tests make them: an underlay
 * namespace with a bridge, hosts with a tunnel address on it, VMs whose interface is the peer of a
 * tap in their host. Every name is unique to the lab; `destroy` removes every namespace it made
 * (a namespace outlives the process that made it).
 */
export class Lab {
  readonly prefix = `nlt${process.pid.toString(36)}${Math.floor(Math.random() * 36 ** 3).toString(36)}`;
  readonly underlay = `${this.prefix}-u`;
  private readonly namespaces: string[] = [];
  private readonly children: ChildProcess[] = [];
  private count = 0;

  private async addNetns(name: string): Promise<string> {
    await sh('ip', 'netns', 'add', name);
    this.namespaces.push(name);
    await sh('ip', '-n', name, 'link', 'set', 'lo', 'up');
    return name;
  }

  async start(): Promise<void> {
    await this.addNetns(this.underlay);
    await sh('ip', '-n', this.underlay, 'link', 'add', 'br0', 'type', 'bridge');
    await sh('ip', '-n', this.underlay, 'link', 'set', 'br0', 'up');
  }

  /** Host i (from 1) with tunnel address 198.51.100.i on the underlay, bridged traffic through nftables' inet hooks. */
  async host(i: number): Promise<LabHost> {
    const netns = await this.addNetns(`${this.prefix}-h${i}`);
    const tunnelIp = `198.51.100.${i}`;
    const outer = `u${i}${this.prefix.slice(3)}`.slice(0, 15);
    await sh('ip', 'link', 'add', outer, 'netns', this.underlay, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns);
    await sh('ip', '-n', this.underlay, 'link', 'set', outer, 'master', 'br0', 'up');
    await sh('ip', '-n', netns, 'addr', 'add', `${tunnelIp}/24`, 'dev', 'eth0');
    await sh('ip', '-n', netns, 'link', 'set', 'eth0', 'up');
    return { netns, tunnelIp };
  }

  /**
   * The outside world: a namespace whose bridge is the external network's switch and holds
   * `address` itself (the upstream router), joined to each host's own external bridge `brex`
   * (what the operator makes, as Neutron's br-ex) by a veth of its own, apart from the underlay.
   */
  async external(hosts: readonly LabHost[], address: string): Promise<string> {
    const netns = await this.addNetns(`${this.prefix}-x`);
    await sh('ip', '-n', netns, 'link', 'add', 'brx', 'type', 'bridge');
    await sh('ip', '-n', netns, 'addr', 'add', address, 'dev', 'brx');
    await sh('ip', '-n', netns, 'link', 'set', 'brx', 'up');
    for (const [i, host] of hosts.entries()) {
      const outer = `x${i + 1}${this.prefix.slice(3)}`.slice(0, 15);
      await sh('ip', 'link', 'add', outer, 'netns', netns, 'type', 'veth', 'peer', 'name', 'ext0', 'netns', host.netns);
      await sh('ip', '-n', netns, 'link', 'set', outer, 'master', 'brx', 'up');
      await sh('ip', '-n', host.netns, 'link', 'add', EXTERNAL_BRIDGE, 'type', 'bridge');
      await sh('ip', '-n', host.netns, 'link', 'set', 'ext0', 'master', EXTERNAL_BRIDGE, 'up');
      await sh('ip', '-n', host.netns, 'link', 'set', EXTERNAL_BRIDGE, 'up');
    }
    return netns;
  }

  /** A VM on a host for a port: its eth0 (with the port's MAC) is the peer of the port's tap, as os-vif plugs it. */
  async vm(host: LabHost, portId: string, mac: string): Promise<LabVm> {
    this.count += 1;
    const netns = await this.addNetns(`${this.prefix}-vm${this.count}`);
    const tap = `tap${portId.slice(0, 11)}`;
    await sh('ip', 'link', 'add', tap, 'netns', host.netns, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns);
    await sh('ip', '-n', netns, 'link', 'set', 'eth0', 'address', mac);
    await sh('ip', '-n', netns, 'link', 'set', 'eth0', 'up');
    await sh('ip', '-n', host.netns, 'link', 'set', tap, 'up');
    return { netns, tap };
  }

  /** A process the lab stops on destroy (an agent, a ping). */
  track(child: ChildProcess): ChildProcess {
    this.children.push(child);
    return child;
  }

  spawnIn(netns: string, command: string, args: readonly string[]): ChildProcess {
    return this.track(spawn('ip', ['netns', 'exec', netns, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  async destroy(): Promise<void> {
    for (const child of this.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    // The agents' own namespaces (routers) are named under their host's, so under the lab's prefix.
    const listed = (JSON.parse((await sh('ip', '-j', 'netns', 'list').catch(() => '')) || '[]') as { name: string }[]).map((n) => n.name);
    const agents = listed.filter((name) => name.startsWith(`${this.prefix}-`) && !this.namespaces.includes(name));
    for (const netns of [...agents, ...this.namespaces.reverse()]) {
      // What the agents started there (dnsmasq) would outlive the namespace.
      const pids = await sh('ip', 'netns', 'pids', netns).catch(() => '');
      for (const pid of pids.split('\n').filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      await sh('ip', 'netns', 'del', netns).catch(() => undefined);
    }
  }
}
