import type { Command } from '../domain/index.js';
import { createNetwork, createPort, createSubnet, registerHost } from './commands.js';

/**
 * A cloud of `hosts` hosts and `networks` networks, each network spread over 5 hosts, and
 * `portEvents` port creates, host moves and deletes: as many diffs as a real fan-out makes
 * (every port change is a neighbor op on each host of its network), small enough for a test.
 */
export interface Workload {
  /** Hosts, networks and subnets: run these first, in order. */
  readonly setting: readonly Command[];
  /** Port commands per network: each list in order, the lists side by side (one lane each). */
  readonly ports: readonly (readonly Command[])[];
  readonly hosts: readonly string[];
}

const HOSTS_PER_NETWORK = 5;

export const hostName = (i: number): string => `host-${String(i).padStart(3, '0')}`;

export const workload = ({ hosts = 100, networks = 40, portEvents = 10_000 } = {}): Workload => {
  const hostIds = Array.from({ length: hosts }, (_, i) => hostName(i));
  const setting: Command[] = [
    ...hostIds.map((id, i) => registerHost(id, { tunnel_ip: `10.255.${i >> 8}.${(i & 255) + 1}` })),
    ...Array.from({ length: networks }, (_, n) => [createNetwork(`net-${n}`), createSubnet(`sub-${n}`, `net-${n}`, `10.${n}.0.0/20`)]).flat(),
  ];
  const hostOf = (network: number, i: number) => hostIds[(network * HOSTS_PER_NETWORK + (i % HOSTS_PER_NETWORK)) % hosts];
  const ports: Command[][] = Array.from({ length: networks }, () => []);
  const perNetwork = Math.ceil(portEvents / networks);
  for (let n = 0, made = 0; n < networks; n++)
    for (let i = 0; i < perNetwork && made < portEvents; i++, made++) {
      const id = `port-${n}-${i}`;
      // Nine in ten events create a port; the tenth moves or deletes one made before.
      if (i % 10 === 9 && i >= 10) {
        const earlier = `port-${n}-${i - 9}`;
        ports[n].push(i % 20 === 19 ? { type: 'DeletePort', id: earlier } : { type: 'UpdatePort', id: earlier, changes: { 'binding:host_id': hostOf(n, i + 1) } });
      } else ports[n].push(createPort(id, `net-${n}`, { 'binding:host_id': hostOf(n, i), mac_entropy: String(n * 100_000 + i + 1), security_groups: [] }));
    }
  return { setting, ports, hosts: hostIds };
};

/** Runs a workload: the setting in order, then each network's port commands in order, networks side by side. */
export const runWorkload = async (w: Workload, run: (command: Command) => Promise<unknown>): Promise<void> => {
  for (const command of w.setting) await run(command);
  await Promise.all(w.ports.map(async (commands) => {
    for (const command of commands) await run(command);
  }));
};

/** The workload's port commands from `from` to `to` of each network, the setting with the part that starts at 0: parts run in turn make the whole. */
export const workloadPart = (w: Workload, from: number, to: number): Workload => ({ ...w, setting: from === 0 ? w.setting : [], ports: w.ports.map((commands) => commands.slice(from, to)) });
