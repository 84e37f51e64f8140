import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNode } from './bench-node.js';
import type { Scale } from './figures.js';
import { cidrOf, createPorts, createTenantNetwork, fillTenancy, hostId, registerHosts, type Tenancy } from './tenants.js';

/** The host whose goal state the agent-rebuild scenario fetches. */
export const AGENT_HOST = 'agent-host';
export const AGENT_NETWORK = 'agent-net';

interface AgentShape {
  /** Ports bound to the agent's host. */
  readonly localPorts: number;
  /** Ports of the same network on other hosts: the agent's neighbors. */
  readonly neighbors: number;
  readonly otherHosts: number;
}

const AGENT: Record<Scale, AgentShape> = {
  toy: { localPorts: 50, neighbors: 500, otherHosts: 10 },
  small: { localPorts: 1_000, neighbors: 10_000, otherHosts: 100 },
  large: { localPorts: 1_000, neighbors: 10_000, otherHosts: 100 },
};

const HOSTS = 1_000;

/** Log lengths the scenarios look at: the agent's snapshot at both, replay and as-of reads at the longest. */
export const LOG_LENGTHS: Record<Scale, readonly number[]> = {
  toy: [3_000],
  small: [20_000, 100_000],
  large: [100_000, 1_000_000],
};

export interface StandardLog {
  readonly dir: string;
  /** Events in the log. */
  readonly events: number;
  readonly livePorts: number;
  readonly agent: AgentShape;
  readonly hosts: number;
}

/**
 * A log of about `length` events: 1,000 hosts; one network with the agent's host holding
 * `localPorts` ports and `neighbors` ports on other hosts; then tenant networks of 100 ports over
 * 10 hosts up to the length. Built once per machine through a real node (so its world snapshots
 * are there too) and kept in the temp dir, since building takes longer than reading.
 */
export const standardLog = async (scale: Scale, length: number): Promise<StandardLog> => {
  const agent = AGENT[scale];
  const dir = join(tmpdir(), `netledger-bench-log-${scale}-${length}`);
  const marker = join(dir, 'bench-log.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as StandardLog;
  await rm(dir, { recursive: true, force: true });
  const node = await openNode(dir);
  await registerHosts(node, 0, HOSTS);
  await node.run({ type: 'RegisterHost', host: { id: AGENT_HOST, name: AGENT_HOST, description: '', tunnel_ip: '172.31.255.1', mac: '52:54:00:ff:ff:01' } });
  await createTenantNetwork(node, AGENT_NETWORK, cidrOf(0, 16, 11 << 24));
  const others = Array.from({ length: agent.otherHosts }, (_, i) => hostId(i));
  for (let k = 0; k < agent.localPorts; k += 100) await node.run(createPorts(AGENT_NETWORK, k, Math.min(100, agent.localPorts - k), [AGENT_HOST]));
  for (let k = 0; k < agent.neighbors; k += 100)
    await node.run(createPorts(AGENT_NETWORK, agent.localPorts + k, Math.min(100, agent.neighbors - k), others));
  const used = node.engine.world.position;
  const tenancy: Tenancy = { networks: Math.max(0, Math.ceil((length - used) / 102)), portsPerNetwork: 100, hostsPerNetwork: 10, hosts: HOSTS };
  await fillTenancy(node, tenancy);
  const log: StandardLog = {
    dir,
    events: node.engine.world.position,
    livePorts: node.engine.world.portNetwork.size,
    agent,
    hosts: HOSTS + 1,
  };
  await node.stop();
  writeFileSync(marker, JSON.stringify(log));
  return log;
};
