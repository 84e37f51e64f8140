import * as E from 'fp-ts/lib/Either.js';
import { applyDiff, hostStateOf, type HostState } from '../apply-diff.js';
import { checksumOf, type Snapshot, type WatchLine } from '../wire.js';

export interface AgentOptions {
  readonly hostId: string;
  /** The server's base URL, e.g. http://127.0.0.1:9696 */
  readonly server: string;
  /** X-Auth-Token for a server in tokens mode (an admin's). */
  readonly token?: string;
  /** Reconnect delays: doubling from `initialMs` up to `maxMs`. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Called whenever the agent's seq or connection changes. */
  readonly onStatus?: (status: AgentStatus) => void;
}

export interface AgentStatus {
  readonly hostId: string;
  /** 0 until the first snapshot. */
  readonly seq: number;
  readonly position: number;
  /** Checksum of the goal state the agent holds (empty until the first snapshot). */
  readonly checksum: string;
  readonly connected: boolean;
  readonly reconnects: number;
  /** Times the agent found its state differing from the server's and started over from a snapshot. */
  readonly resyncs: number;
}

/** Why a watch session ends early: resume with `since`, or start over from a snapshot. */
type Verdict = 'continue' | 'resume' | 'resync';

/**
 * The reference agent: keeps one host's goal state as the server computes it. It takes a
 * snapshot (checking its checksum), then watches from its seq, applying diffs strictly in
 * order; a gap or a heartbeat ahead of it makes it reconnect with `since`, a heartbeat whose
 * checksum differs at the same seq makes it start over from a snapshot. Any lost connection or
 * server restart is retried with backoff, resuming from where it was.
 */
export class Agent {
  private state?: HostState;
  private running = false;
  private connected = false;
  private reconnects = 0;
  private resyncs = 0;
  private abort?: AbortController;
  private loop?: Promise<void>;
  private checksumAt?: { seq: number; checksum: string };

  constructor(private readonly options: AgentOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort?.abort();
    await this.loop;
  }

  /** Drops the current connection as a network failure would; the agent reconnects by itself. */
  disconnect(): void {
    this.abort?.abort();
  }

  /** The goal state held now (a copy). */
  goalState(): HostState['goalState'] {
    return structuredClone(this.state?.goalState ?? {});
  }

  status(): AgentStatus {
    const seq = this.state?.seq ?? 0;
    if (this.checksumAt?.seq !== seq || !this.state) this.checksumAt = { seq, checksum: checksumOf(this.state?.goalState ?? {}) };
    return {
      hostId: this.options.hostId,
      seq,
      position: this.state?.position ?? 0,
      checksum: this.checksumAt.checksum,
      connected: this.connected,
      reconnects: this.reconnects,
      resyncs: this.resyncs,
    };
  }

  private async run(): Promise<void> {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 100, maxMs: 5000 };
    let delay = initialMs;
    while (this.running) {
      try {
        if (await this.session()) delay = initialMs;
      } catch {
        // Connection refused, reset or aborted, a bad snapshot: all mean "try again later".
      }
      this.setConnected(false);
      if (!this.running) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, maxMs);
      this.reconnects += 1;
    }
  }

  private url(path: string): URL {
    return new URL(`/southbound/v1/hosts/${encodeURIComponent(this.options.hostId)}/${path}`, this.options.server);
  }

  /** One connection: snapshot if needed, then the watch until it ends. True if it got anywhere. */
  private async session(): Promise<boolean> {
    this.abort = new AbortController();
    const init = { signal: this.abort.signal, headers: this.options.token ? { 'x-auth-token': this.options.token } : undefined };
    if (!this.state) {
      const response = await fetch(this.url('goal-state'), init);
      if (!response.ok) throw new Error(`goal-state: HTTP ${response.status}`);
      this.adopt((await response.json()) as Snapshot);
    }
    const response = await fetch(this.url(`watch?since=${this.state!.seq}`), init);
    if (!response.ok || !response.body) throw new Error(`watch: HTTP ${response.status}`);
    this.setConnected(true);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      const before = this.state?.seq;
      for (const line of lines) {
        const verdict = this.receive(JSON.parse(line) as WatchLine);
        if (verdict === 'resync') {
          this.state = undefined;
          this.resyncs += 1;
        }
        if (verdict !== 'continue') {
          this.abort.abort();
          return true;
        }
      }
      if (this.state?.seq !== before) this.options.onStatus?.(this.status());
    }
    return true;
  }

  private receive(line: WatchLine): Verdict {
    switch (line.type) {
      case 'snapshot':
        this.adopt(line);
        return 'continue';
      case 'diff':
        // A gap: something was lost between us and the server; ask again from where we are.
        return E.isRight(applyDiff(this.state!, line)) ? 'continue' : 'resume';
      case 'heartbeat':
        if (line.seq > this.state!.seq) return 'resume';
        if (line.seq < this.state!.seq) return 'resync';
        return line.checksum === this.status().checksum ? 'continue' : 'resync';
    }
  }

  private adopt(snapshot: Snapshot): void {
    if (checksumOf(snapshot.goal_state) !== snapshot.checksum) throw new Error(`snapshot of ${snapshot.hostId} at seq ${snapshot.seq} does not match its checksum`);
    this.state = hostStateOf(snapshot);
    this.options.onStatus?.(this.status());
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.options.onStatus?.(this.status());
  }
}
