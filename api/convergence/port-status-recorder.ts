import { randomUUID } from 'node:crypto';
import { portOf, statusOf, type Command, type Port } from '../../domain/index.js';
import type { CommandContext, Engine } from '../../engine/index.js';
import type { HostReports, HostStreams } from '../../southbound/index.js';

export interface PortStatusRecorderOptions {
  /** An agent silent this long has its host's ports taken DOWN (default 15 s). */
  readonly agentTimeoutMs?: number;
  /** Called with each port the node recorded ACTIVE, and how long after its arrival on its host (seconds). */
  readonly onActive?: (port: Port, seconds: number) => void;
}

/**
 * The node's half of convergence: turns what agents report into port status events, and decides
 * when an agent has been silent too long. Both are decisions of this node, written to the log as
 * RecordPortStatus commands with the host in their metadata; nothing reads the clock later, so a
 * replay shows the same statuses at the same positions.
 */
export class PortStatusRecorder {
  readonly timeoutMs: number;
  private readonly startedAt = Date.now();
  private readonly timer: NodeJS.Timeout;
  private readonly unfollow: () => void;
  /** Ports whose status command is on its way, so a burst of reports sends one each. */
  private readonly inFlight = new Set<string>();
  /** When each port arrived on its host (this node's clock), for the time to ACTIVE. */
  private readonly arrivedAt = new Map<string, number>();

  constructor(
    private readonly engine: Engine,
    private readonly streams: HostStreams,
    private readonly reports: HostReports,
    private readonly options: PortStatusRecorderOptions = {},
  ) {
    this.timeoutMs = options.agentTimeoutMs ?? 15_000;
    const unfollowReports = reports.follow((hostId) => this.applied(hostId));
    const unfollowArrivals = streams.arrivals.follow((_hostId, portId) => this.arrivedAt.set(portId, Date.now()));
    this.unfollow = () => {
      unfollowReports();
      unfollowArrivals();
    };
    this.timer = setInterval(() => this.silence(), Math.max(20, Math.min(1000, this.timeoutMs / 4)));
    this.timer.unref();
  }

  /** Whether the host's agent reported within the timeout (a host never heard from counts from the node's start). */
  alive(hostId: string, now = Date.now()): boolean {
    return now - (this.reports.get(hostId)?.reportedAt ?? this.startedAt) <= this.timeoutMs;
  }

  /** Bound, up ports not ACTIVE yet: their agents have not applied them (or are silent). */
  waiting(): number {
    let count = 0;
    for (const [hostId, ports] of this.engine.world.hostPorts)
      for (const id of ports) {
        const port = portOf(this.engine.world, id);
        if (port && port.admin_state_up && statusOf(port) === 'DOWN' && this.streams.arrivals.of(hostId).has(id)) count += 1;
      }
    return count;
  }

  close(): void {
    clearInterval(this.timer);
    this.unfollow();
  }

  /** The host's agent holds `seq`: every up port that seq brought, still DOWN, goes ACTIVE. */
  private applied(hostId: string): void {
    const report = this.reports.get(hostId);
    if (!report || report.checksumState === 'mismatch') return;
    for (const [portId, seq] of this.streams.arrivals.of(hostId)) {
      if (seq > report.seq) continue;
      const port = portOf(this.engine.world, portId);
      if (port && statusOf(port) === 'DOWN' && port.admin_state_up) this.record(port, hostId, 'ACTIVE');
    }
  }

  /** Hosts whose agents went silent: their ACTIVE ports go DOWN. */
  private silence(): void {
    const now = Date.now();
    for (const id of this.arrivedAt.keys()) if (!portOf(this.engine.world, id)) this.arrivedAt.delete(id);
    for (const [hostId, ports] of this.engine.world.hostPorts) {
      if (this.alive(hostId, now)) continue;
      for (const id of ports) {
        const port = portOf(this.engine.world, id);
        if (port && statusOf(port) === 'ACTIVE') this.record(port, hostId, 'DOWN');
      }
    }
  }

  private record(port: Port, hostId: string, status: 'ACTIVE' | 'DOWN'): void {
    if (this.inFlight.has(port.id)) return;
    this.inFlight.add(port.id);
    const command: Command = { type: 'RecordPortStatus', port_id: port.id, host_id: hostId, status, reason: status === 'ACTIVE' ? 'agent_applied' : 'agent_silent' };
    void this.engine
      .execute(command, this.contextOf(hostId))
      .then((result) => {
        if (status !== 'ACTIVE' || result._tag === 'Left' || result.right.events.length === 0) return;
        const arrived = this.arrivedAt.get(port.id);
        this.arrivedAt.delete(port.id);
        const now = portOf(this.engine.world, port.id);
        if (now && arrived !== undefined) this.options.onActive?.(now, (Date.now() - arrived) / 1000);
      })
      .catch(() => undefined)
      .finally(() => this.inFlight.delete(port.id));
  }

  private contextOf(hostId: string): CommandContext {
    const id = randomUUID();
    return { commandId: id, correlationId: id, actor: { projectId: '', userId: `agent:${hostId}` }, host: hostId, decidedAt: new Date().toISOString() };
  }
}
