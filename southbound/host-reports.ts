import type { AgentReport } from './agent-report.js';
import type { HostStreams } from './host-streams.js';

/** Diff times kept per host while its agent trails: enough for the oldest, bounded for a host with no agent. */
const MAX_UNAPPLIED = 4096;

/** How the agent's checksum compared with the host's: equal, different (it was told to resync), or not checked (it is behind). */
export type ChecksumState = 'match' | 'mismatch' | 'behind';

/** The last report of one host's agent, as this node heard it. */
export interface HostReport {
  readonly seq: number;
  /** Log position of the goal state the agent holds. */
  readonly position: number;
  readonly checksum: string;
  readonly checksumState: ChecksumState;
  /** Milliseconds since the epoch, on this node's clock. */
  readonly reportedAt: number;
  readonly agentType: string;
  readonly agentVersion: string;
  readonly reports: number;
  readonly mismatches: number;
}

/**
 * What every host's agent last said it applied. A checksum can be checked only at the host's
 * current seq (older goal states are not kept here): an agent there with another checksum is told
 * to resync, and counted. Kept in memory: after a restart the agents' next reports refill it.
 */
export class HostReports {
  private readonly hosts = new Map<string, HostReport>();
  private readonly listeners = new Set<(hostId: string, report: HostReport) => void>();
  /** Per host, when each diff its agent has not reported yet was made (the oldest gives the lag in seconds). */
  private readonly unapplied = new Map<string, { seq: number; at: number }[]>();
  mismatches = 0;
  readonly close: () => void;

  constructor(private readonly streams: HostStreams) {
    this.close = streams.recordEach({
      record: (hostId, diff) => {
        const pending = this.unapplied.get(hostId);
        if (!pending) this.unapplied.set(hostId, [{ seq: diff.seq, at: Date.now() }]);
        else if (pending.length < MAX_UNAPPLIED) pending.push({ seq: diff.seq, at: Date.now() });
      },
    });
  }

  /** How far the host's agent trails its stream: in seqs, log positions, and seconds since the oldest diff it has not applied. */
  lag(hostId: string, now: number): { seqs: number; positions: number; seconds: number } {
    const seq = this.streams.seqOf(hostId);
    const report = this.hosts.get(hostId);
    const applied = report?.seq ?? 0;
    if (applied >= seq) return { seqs: 0, positions: 0, seconds: 0 };
    const oldest = this.unapplied.get(hostId)?.find((diff) => diff.seq > applied);
    return {
      seqs: seq - applied,
      positions: Math.max(0, this.streams.positionOf(hostId, seq) - (report?.position ?? 0)),
      seconds: oldest ? Math.max(0, (now - oldest.at) / 1000) : 0,
    };
  }

  /** Records a report; answers whether the agent must resync. */
  record(hostId: string, report: AgentReport, now: number): { resync: boolean; seq: number } {
    const seq = this.streams.seqOf(hostId);
    const state: ChecksumState =
      report.seq > seq ? 'mismatch' : report.seq < seq ? 'behind' : report.checksum === this.streams.checksumOf(hostId) ? 'match' : 'mismatch';
    const before = this.hosts.get(hostId);
    const mismatch = state === 'mismatch';
    if (mismatch) this.mismatches += 1;
    const recorded: HostReport = {
      // A mismatched agent holds nothing the node can count on.
      seq: mismatch ? 0 : report.seq,
      position: mismatch ? 0 : this.streams.positionOf(hostId, report.seq),
      checksum: report.checksum,
      checksumState: state,
      reportedAt: now,
      agentType: report.agent_type ?? before?.agentType ?? 'netledger-agent',
      agentVersion: report.agent_version ?? before?.agentVersion ?? '',
      reports: (before?.reports ?? 0) + 1,
      mismatches: (before?.mismatches ?? 0) + (mismatch ? 1 : 0),
    };
    this.hosts.set(hostId, recorded);
    const pending = this.unapplied.get(hostId);
    if (pending) {
      const kept = pending.filter((diff) => diff.seq > recorded.seq);
      if (kept.length === 0) this.unapplied.delete(hostId);
      else this.unapplied.set(hostId, kept);
    }
    for (const listener of this.listeners) listener(hostId, recorded);
    return { resync: mismatch, seq };
  }

  get(hostId: string): HostReport | undefined {
    return this.hosts.get(hostId);
  }

  entries(): IterableIterator<[string, HostReport]> {
    return this.hosts.entries();
  }

  /**
   * Resolves once every host has reported at least its seq (a mismatched agent has not), or at
   * the deadline: with the hosts that had not.
   */
  applied(targets: ReadonlyMap<string, number>, timeoutMs: number): Promise<string[]> {
    const behind = () => [...targets].filter(([host, seq]) => (this.hosts.get(host)?.seq ?? 0) < seq).map(([host]) => host);
    if (behind().length === 0) return Promise.resolve([]);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unfollow();
        resolve(behind());
      };
      const timer = setTimeout(done, timeoutMs);
      const unfollow = this.follow((host) => {
        if (targets.has(host) && behind().length === 0) done();
      });
    });
  }

  /** Calls `listener` after every report; returns the unsubscribe. */
  follow(listener: (hostId: string, report: HostReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
