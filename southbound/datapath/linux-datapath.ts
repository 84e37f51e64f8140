import { spawn, type ChildProcess } from 'node:child_process';
import type { Body, GoalStateDocument, Kind, Op } from '../../projections/goal-state/ops.js';
import type { Datapath } from './datapath.js';
import { DesiredObjects } from './desired-objects.js';
import { NeighborEntry, NetworkEntry, PortEntry, RouterEntry, SubnetEntry, entryOf } from './entries.js';
import { dhcpConfigOf, servedSubnets, serverAddressOf } from './dhcp-config.js';
import { DhcpServers } from './dhcp-servers.js';
import { Routers } from './routers.js';
import { RoutersNamed } from './routers-named.js';
import { SecurityGroups } from './security-groups.js';
import type { KernelObject, KernelView } from './kernel-object.js';
import { readKernel, readTaps } from './kernel-reading.js';
import { runBatch, type Place } from './kernel-tools.js';
import { attachment, bridgeAddress, networkObjects, remotePortObjects, snatHostObjects } from './l2-objects.js';
import { bridgeOf } from './names.js';
import { planBatches } from './l2-plan.js';

export interface LinuxDatapathOptions extends Place {
  /** This host's tunnel address: the local end of every VXLAN device. */
  readonly tunnelIp: string;
  /** A directory of the agent's own (DHCP hosts and options files, dnsmasq pid files). */
  readonly stateDir: string;
  /** The bridge north-south traffic leaves the host by (floating IPs, SNAT); none: east-west only. */
  readonly externalBridge?: string;
  /** Told about every batch line the kernel refused (the agent goes on). */
  readonly onError?: (message: string) => void;
}

/** How long to wait before reading the kernel again after a failure. */
const RETRY_MS = 200;

/** The kernel objects one goal-state entry stands for. */
const objectsOf = (kind: Kind, body: Body | undefined, tunnelIp: string): KernelObject[] => {
  switch (kind) {
    case 'network': {
      const network = entryOf(NetworkEntry, body);
      return network ? networkObjects(network, tunnelIp) : [];
    }
    case 'neighbor': {
      const neighbor = entryOf(NeighborEntry, body);
      return neighbor ? remotePortObjects(neighbor) : [];
    }
    case 'port': {
      const port = entryOf(PortEntry, body);
      // A port that is administratively down is out of its bridge, as Neutron's Linux-bridge agent leaves it.
      return port?.admin_state_up ? [attachment(port)] : [];
    }
    case 'router': {
      const router = entryOf(RouterEntry, body);
      return router ? snatHostObjects(router, tunnelIp) : [];
    }
    case 'subnet': {
      const subnet = entryOf(SubnetEntry, body);
      return subnet ? servedSubnets([subnet]).map((served) => bridgeAddress(served.network_id, serverAddressOf(served))) : [];
    }
    default:
      return [];
  }
};

/**
 * The Linux datapath: bridges and VXLAN devices per network, static FDB and permanent neighbor
 * entries per remote port, taps attached. Work handed over while a batch runs is gathered into
 * the next one, so a burst of diffs costs a few `ip -batch` runs, not one per op.
 */
export class LinuxDatapath implements Datapath {
  private goalState: GoalStateDocument = {};
  private readonly desired = new DesiredObjects();
  private view: KernelView = new Map();
  private taps = new Set<string>();
  private full = false;
  private ops: Op[] = [];
  private waiting = new Set<string>();
  private running?: Promise<void>;
  private monitor?: ChildProcess;
  private closed = false;
  private tapsMoved = false;
  /** network, subnet and port entries -> their network, as last seen (a delete carries no body). */
  private readonly networkOf = new Map<string, string>();
  /** Bridges with a DHCP server found on start: stopped unless a network still wants them. */
  private readonly stale = new Set<string>();
  private readonly dhcp: DhcpServers;
  private readonly security: SecurityGroups;
  private readonly routers: Routers;
  private readonly routersNamed = new RoutersNamed();

  constructor(private readonly options: LinuxDatapathOptions) {
    this.dhcp = new DhcpServers(options, options.stateDir);
    this.security = new SecurityGroups(options);
    this.routers = new Routers(options);
  }

  adopt(goalState: GoalStateDocument): void {
    this.goalState = goalState;
    this.full = true;
    this.ops = [];
    this.schedule();
  }

  apply(ops: readonly Op[]): void {
    this.ops.push(...ops);
    this.schedule();
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.monitor?.kill();
    await this.idle();
  }

  private schedule(): void {
    if (this.running || this.closed) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (!this.closed && (this.full || this.ops.length > 0 || (this.tapsMoved && this.waiting.size > 0))) {
      try {
        await this.step();
      } catch (error) {
        // A tool that failed or printed what the agent cannot read: start over from what the kernel holds.
        this.options.onError?.(String(error));
        this.full = true;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  private async step(): Promise<void> {
    const changed = new Set<string>();
    const networks = new Set<string>();
    // The routers to sync: all of them after a snapshot, else those the diff names.
    let routed: ReadonlySet<string> | undefined;
    if (this.full) {
      this.full = false;
      this.ops = [];
      this.desired.clear();
      this.networkOf.clear();
      for (const [kind, table] of Object.entries(this.goalState) as [Kind, Record<string, Body>][])
        for (const [id, body] of Object.entries(table)) this.take(kind, id, body, changed, networks);
      const kernel = await readKernel(this.options);
      this.view = kernel.view;
      this.taps = kernel.taps;
      for (const key of this.view.keys()) changed.add(key);
      this.watchTaps();
      for (const bridge of await this.dhcp.bridges()) this.stale.add(bridge);
      // Filters before attachments: no tap is in a bridge without its port's filters.
      await this.security.adopt(this.goalState);
      this.routersNamed.reset(this.goalState);
    } else {
      if (this.tapsMoved && this.waiting.size > 0) {
        this.tapsMoved = false;
        this.taps = await readTaps(this.options);
      }
      const ops = this.ops;
      this.ops = [];
      for (const op of ops) this.take(op.kind, op.id, op.op === 'upsert' ? op.body : undefined, changed, networks);
      const named = (kind: Kind) => new Set(ops.filter((op) => op.kind === kind).map((op) => op.id));
      routed = this.routersNamed.named(ops, this.goalState);
      await this.security.apply(this.goalState, { networks: named('network'), ports: named('port'), groups: named('security_group'), members: named('group_member'), addressGroups: named('address_group') });
    }
    for (const key of this.waiting) changed.add(key);
    await this.program(changed);
    await this.serveDhcp(networks);
    // Routers after the bridges their legs go on.
    if (routed === undefined || routed.size > 0) await this.routers.sync(this.goalState, routed);
  }

  /** Notes what one entry now stands for, and the networks whose DHCP it may change (before and after). */
  private take(kind: Kind, id: string, body: Body | undefined, changed: Set<string>, networks: Set<string>): void {
    const entry = `${kind}/${id}`;
    this.desired.set(entry, objectsOf(kind, body, this.options.tunnelIp), changed);
    if (kind !== 'network' && kind !== 'subnet' && kind !== 'port') return;
    const before = this.networkOf.get(entry);
    if (before !== undefined) networks.add(before);
    const after = body === undefined ? undefined : kind === 'network' ? id : typeof body.network_id === 'string' ? body.network_id : undefined;
    if (after === undefined) this.networkOf.delete(entry);
    else {
      this.networkOf.set(entry, after);
      networks.add(after);
    }
  }

  private async serveDhcp(networks: ReadonlySet<string>): Promise<void> {
    const bridges = new Map<string, string | undefined>([...this.stale].map((bridge) => [bridge, undefined]));
    for (const network of networks) bridges.set(bridgeOf(network), network);
    this.stale.clear();
    for (const [bridge, network] of bridges) await this.dhcp.sync(bridge, network === undefined ? undefined : this.dhcpConfig(network));
  }

  private dhcpConfig(networkId: string) {
    const network = entryOf(NetworkEntry, this.goalState.network?.[networkId]);
    if (!network) return undefined;
    const ofNetwork = <A extends { network_id: string }>(decoded: (A | undefined)[]) => decoded.filter((a): a is A => a !== undefined && a.network_id === networkId);
    const subnets = ofNetwork(Object.values(this.goalState.subnet ?? {}).map((body) => entryOf(SubnetEntry, body)));
    const ports = ofNetwork(Object.values(this.goalState.port ?? {}).map((body) => entryOf(PortEntry, body)));
    return dhcpConfigOf(network, subnets, ports);
  }

  private async program(keys: Set<string>): Promise<void> {
    const batches = planBatches(keys, this.desired, this.view, this.taps);
    this.waiting = new Set(batches.waiting);
    const errors = [
      await runBatch(this.options, 'bridge', batches.bridgeRemovals),
      await runBatch(this.options, 'ip', batches.ipRemovals),
      await runBatch(this.options, 'ip', batches.ipDevices),
      // Neighbor entries and FDB entries do not depend on each other: both tools at once.
      ...(await Promise.all([runBatch(this.options, 'ip', batches.ipAdditions), runBatch(this.options, 'bridge', batches.bridgeAdditions)])),
    ].filter((error) => error !== '');
    if (errors.length > 0) {
      for (const error of errors) this.options.onError?.(error);
      // What the kernel refused is not there: read it back rather than believe the plan.
      const kernel = await readKernel(this.options);
      this.view = kernel.view;
      this.taps = kernel.taps;
    }
  }

  /** Taps come and go with the compute side: a link event while an attachment waits for its tap re-reads them. */
  private watchTaps(): void {
    if (this.monitor) return;
    const args = [...(this.options.netns ? ['-n', this.options.netns] : []), 'monitor', 'link'];
    this.monitor = spawn('ip', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    this.monitor.stdout!.on('data', () => {
      // Noted even while nothing waits: the tap may appear while the batch that will wait for it runs.
      this.tapsMoved = true;
      if (this.waiting.size > 0) this.schedule();
    });
  }
}
