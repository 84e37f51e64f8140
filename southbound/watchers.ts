import type { Writable } from 'node:stream';
import type { HostStreams } from './host-streams.js';
import { encodeLine } from './wire.js';

export interface WatchersOptions {
  /** How often every open watch gets a heartbeat line. */
  readonly heartbeatMs?: number;
  /** Bytes a watch may have written but not yet flushed to its reader before it is cut off. */
  readonly maxBacklogBytes?: number;
  /** Watches one host may have open at once (its agent needs one; a reconnect may overlap the old one for a while). */
  readonly maxPerHost?: number;
  /** Watches open at once on this node, all hosts together. */
  readonly maxTotal?: number;
}

interface Watch {
  readonly hostId: string;
  readonly out: Writable;
  cut: boolean;
}

/**
 * The open watch streams. Writes never wait for a reader: each diff line (encoded once) is
 * handed to every watch of its host, and a watch whose unread backlog passes the bound is cut,
 * so one slow reader costs only its own connection; it resumes with `since` as any reconnect.
 */
export class Watchers {
  private readonly open = new Set<Watch>();
  private readonly timer: NodeJS.Timeout;
  /** Lines written to watchers (diffs, snapshots, heartbeats) and watchers cut for falling behind, since start. */
  readonly sent = { lines: 0, diffs: 0, cut: 0 };
  private readonly maxBacklogBytes: number;
  private readonly maxPerHost: number;
  private readonly maxTotal: number;
  private readonly perHost = new Map<string, number>();

  constructor(
    private readonly streams: HostStreams,
    options: WatchersOptions = {},
  ) {
    this.maxBacklogBytes = options.maxBacklogBytes ?? 16 * 1024 * 1024;
    this.maxPerHost = options.maxPerHost ?? 8;
    this.maxTotal = options.maxTotal ?? 10_000;
    this.timer = setInterval(() => this.heartbeat(), options.heartbeatMs ?? 5000);
    this.timer.unref();
  }

  /** Why one more watch of `hostId` would be refused now, or undefined when it may open (ask in the tick that opens it). */
  refusal(hostId: string): string | undefined {
    if ((this.perHost.get(hostId) ?? 0) >= this.maxPerHost) return `Host ${hostId} already has ${this.maxPerHost} watches open.`;
    if (this.open.size >= this.maxTotal) return `This node already serves ${this.maxTotal} watches.`;
    return undefined;
  }

  /**
   * Starts a watch of `hostId` from `since`: the diffs after it if they are all kept, else a
   * snapshot first, then every new diff. Synchronous from the first line to the subscription,
   * so no diff falls between them.
   */
  watch(hostId: string, since: number, out: Writable): void {
    const watch: Watch = { hostId, out, cut: false };
    const kept = this.streams.diffsAfter(hostId, since);
    // Not released: the socket may hold a slow reader's snapshot for long, so its memory is not used again.
    if (kept === undefined) this.send(watch, this.streams.snapshotLine(hostId).pieces);
    else for (const diff of kept) this.sendDiff(watch, diff.line);
    const unfollow = this.streams.follow(hostId, (diff) => this.sendDiff(watch, diff.line));
    this.open.add(watch);
    this.perHost.set(hostId, (this.perHost.get(hostId) ?? 0) + 1);
    out.once('close', () => {
      unfollow();
      this.open.delete(watch);
      const left = this.perHost.get(hostId)! - 1;
      if (left === 0) this.perHost.delete(hostId);
      else this.perHost.set(hostId, left);
    });
  }

  get size(): number {
    return this.open.size;
  }

  private sendDiff(watch: Watch, line: string): void {
    if (!watch.cut) this.sent.diffs += 1;
    this.send(watch, line);
  }

  /** One line, as a string or as pieces of its UTF-8 (a snapshot). */
  private send(watch: Watch, line: string | readonly Buffer[]): void {
    if (watch.cut) return;
    if (typeof line === 'string') watch.out.write(line);
    else for (const piece of line) watch.out.write(piece);
    this.sent.lines += 1;
    if (watch.out.writableLength > this.maxBacklogBytes) {
      watch.cut = true;
      this.sent.cut += 1;
      watch.out.destroy();
    }
  }

  private heartbeat(): void {
    const lines = new Map<string, string>();
    for (const watch of this.open) {
      let line = lines.get(watch.hostId);
      if (line === undefined) {
        const { hostId } = watch;
        line = encodeLine({ type: 'heartbeat', hostId, seq: this.streams.seqOf(hostId), checksum: this.streams.checksumOf(hostId) });
        lines.set(hostId, line);
      }
      this.send(watch, line);
    }
  }

  /** Ends every watch (the server is closing); agents reconnect with their seq. */
  close(): void {
    clearInterval(this.timer);
    for (const watch of this.open) watch.out.end();
  }
}
