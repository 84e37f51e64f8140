import { spawn, type ChildProcess } from 'node:child_process';
import type { Body, GoalStateDocument, Kind, Op } from '../../projections/goal-state/ops.js';
import type { Datapath } from './datapath.js';
import { DesiredObjects } from './desired-objects.js';
import { NeighborEntry, NetworkEntry, PortEntry, entryOf } from './entries.js';
import type { KernelObject, KernelView } from './kernel-object.js';
import { readKernel, readTaps } from './kernel-reading.js';
import { runBatch, type Place } from './kernel-tools.js';
import { attachment, networkObjects, remotePortObjects } from './l2-objects.js';
import { planBatches } from './l2-plan.js';

export interface LinuxDatapathOptions extends Place {
  /** This host's tunnel address: the local end of every VXLAN device. */
  readonly tunnelIp: string;
  /** A directory of the agent's own (DHCP hosts and options files, dnsmasq pid files). */
  readonly stateDir: string;
  /** Told about every batch line the kernel refused (the agent goes on). */
  readonly onError?: (message: string) => void;
}

/** The kernel objects one goal-state entry stands for. */
/** How long to wait before reading the kernel again after a failure. */
const RETRY_MS = 200;

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
      return port ? [attachment(port)] : [];
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

  constructor(private readonly options: LinuxDatapathOptions) {}

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
    {
      const changed = new Set<string>();
      if (this.full) {
        this.full = false;
        this.ops = [];
        this.desired.clear();
        for (const [kind, table] of Object.entries(this.goalState) as [Kind, Record<string, Body>][])
          for (const [id, body] of Object.entries(table)) this.desired.set(`${kind}/${id}`, objectsOf(kind, body, this.options.tunnelIp), changed);
        const kernel = await readKernel(this.options);
        this.view = kernel.view;
        this.taps = kernel.taps;
        for (const key of this.view.keys()) changed.add(key);
        this.watchTaps();
      } else {
        if (this.tapsMoved && this.waiting.size > 0) {
          this.tapsMoved = false;
          this.taps = await readTaps(this.options);
        }
        const ops = this.ops;
        this.ops = [];
        for (const op of ops) this.desired.set(`${op.kind}/${op.id}`, objectsOf(op.kind, op.op === 'upsert' ? op.body : undefined, this.options.tunnelIp), changed);
      }
      for (const key of this.waiting) changed.add(key);
      await this.program(changed);
    }
  }

  private async program(keys: Set<string>): Promise<void> {
    const batches = planBatches(keys, this.desired, this.view, this.taps);
    this.waiting = new Set(batches.waiting);
    const errors = [
      await runBatch(this.options, 'bridge', batches.bridgeRemovals),
      await runBatch(this.options, 'ip', batches.ipRemovals),
      await runBatch(this.options, 'ip', batches.ipAdditions),
      await runBatch(this.options, 'bridge', batches.bridgeAdditions),
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
