import type { Command } from '../domain/index.js';
import { createNetwork, createSubnet, portRequest, registerHost } from '../test-kit/commands.js';
import type { BenchNode } from './bench-node.js';

/**
 * The workload the scenarios share: hosts, tenant networks with one IPv4 subnet each, and ports
 * bound to hosts, created in bulk commands the way a scheduler places a batch of VMs. Ports name no
 * security group (remote-group expansion is not part of these figures).
 */

export const hostId = (h: number) => `host-${h}`;
export const networkId = (n: number) => `net-${n}`;

/** The n-th block of 2^(32-prefix) addresses from `base` (10.0.0.0 by default), as a CIDR. */
export const cidrOf = (n: number, prefix: number, base = 10 << 24): string => {
  const start = (base >>> 0) + n * 2 ** (32 - prefix);
  return `${[24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256).join('.')}/${prefix}`;
};

const tunnelIp = (h: number) => `172.${16 + ((h >> 16) & 15)}.${(h >> 8) & 255}.${h & 255}`;

let entropy = 1;

export const registerHosts = async (node: BenchNode, from: number, count: number): Promise<void> => {
  await inParallel(count, 32, (i) => node.run(registerHost(hostId(from + i), { tunnel_ip: tunnelIp(from + i) })));
};

/** Runs `count` jobs, at most `width` at a time. */
export const inParallel = async (count: number, width: number, job: (i: number) => Promise<unknown>): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) await job(next++);
    }),
  );
};

export const createTenantNetwork = async (node: BenchNode, id: string, cidr: string): Promise<void> => {
  await node.run(createNetwork(id, { project_id: 'bench' }));
  await node.run(createSubnet(`${id}-v4`, id, cidr, { project_id: 'bench' }));
};

/** `count` ports of one network, in one bulk command, the k-th on hosts[k % hosts.length]. */
export const createPorts = (network: string, firstIndex: number, count: number, hosts: readonly string[]): Command => ({
  type: 'CreatePorts',
  ports: Array.from({ length: count }, (_, i) => {
    const k = firstIndex + i;
    return portRequest(`${network}-p${k}`, network, {
      project_id: 'bench',
      'binding:host_id': hosts.length > 0 ? hosts[k % hosts.length] : '',
      mac_entropy: String(entropy++),
      security_groups: [],
    });
  }),
});

export interface Tenancy {
  readonly networks: number;
  readonly portsPerNetwork: number;
  /** Each network's ports are spread over this many hosts... */
  readonly hostsPerNetwork: number;
  /** ...out of the first `hosts` registered hosts. */
  readonly hosts: number;
}

/** Ports per bulk command when filling a tenancy. */
const PORTS_PER_COMMAND = 50;

/** Tenancy networks of /22 with their ports, several networks at a time so appends share group commits. */
export const fillTenancy = async (node: BenchNode, t: Tenancy): Promise<void> => {
  await inParallel(t.networks, 16, async (n) => {
    const id = networkId(n);
    await createTenantNetwork(node, id, cidrOf(n, 22));
    const hosts = Array.from({ length: t.hostsPerNetwork }, (_, i) => hostId((n * t.hostsPerNetwork + i) % t.hosts));
    for (let k = 0; k < t.portsPerNetwork; k += PORTS_PER_COMMAND) await node.run(createPorts(id, k, Math.min(PORTS_PER_COMMAND, t.portsPerNetwork - k), hosts));
  });
};
