import type { Op } from '../projections/goal-state/index.js';

/**
 * For every port a host runs, the seq of the diff that brought it there administratively up: once
 * the host's agent has applied that seq, the port is wired. Folded from the diffs alone, so a
 * restarted node knows the same seqs.
 */
/** host -> port -> the seq that brought it up there. */
export type PortArrivalsState = ReadonlyMap<string, ReadonlyMap<string, number>>;

export class PortArrivals {
  private readonly hosts: Map<string, Map<string, number>>;
  private readonly listeners = new Set<(hostId: string, portId: string, seq: number) => void>();

  constructor(saved: PortArrivalsState = new Map()) {
    this.hosts = new Map([...saved].map(([hostId, ports]) => [hostId, new Map(ports)]));
  }

  /** For a checkpoint: a copy, which the next diff leaves as it is. */
  saved(): PortArrivalsState {
    return new Map([...this.hosts].map(([hostId, ports]) => [hostId, new Map(ports)]));
  }

  observe(hostId: string, seq: number, ops: readonly Op[]): void {
    for (const op of ops) {
      if (op.kind !== 'port') continue;
      const ports = this.hosts.get(hostId);
      if (op.op === 'delete' || op.body.admin_state_up !== true) {
        ports?.delete(op.id);
        if (ports?.size === 0) this.hosts.delete(hostId);
      } else if (!ports?.has(op.id)) {
        if (ports) ports.set(op.id, seq);
        else this.hosts.set(hostId, new Map([[op.id, seq]]));
        for (const listener of this.listeners) listener(hostId, op.id, seq);
      }
    }
  }

  /** Calls `listener` with every port that arrives on a host up, as its diff is made; returns the unsubscribe. */
  follow(listener: (hostId: string, portId: string, seq: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** port id -> the seq that brought it, for the host's up ports. */
  of(hostId: string): ReadonlyMap<string, number> {
    return this.hosts.get(hostId) ?? new Map();
  }
}
