import * as E from 'fp-ts/lib/Either.js';
import { applyDiff } from '../apply-diff.js';
import type { Snapshot, WatchLine } from '../wire.js';
import { HostAgent, type HostAgentOptions } from './host-agent.js';

export type { AgentStatus } from './host-agent.js';

export interface AgentOptions extends HostAgentOptions {
  /** The server's base URL, e.g. http://127.0.0.1:9696 */
  readonly server: string;
  /** X-Auth-Token for a server in tokens mode (an admin's, or this host's agent token). */
  readonly token?: string;
}

/** Why a watch session ends early: resume with `since`, or start over from a snapshot. */
type Verdict = 'continue' | 'resume' | 'resync';

/**
 * The reference agent over HTTP: keeps one host's goal state as the server computes it. It takes
 * a snapshot (checking its checksum), then watches from its seq, applying diffs strictly in
 * order; a gap or a heartbeat ahead of it makes it reconnect with `since`, a heartbeat whose
 * checksum differs at the same seq makes it start over from a snapshot. Any lost connection or
 * server restart is retried with backoff, resuming from where it was.
 */
export class Agent extends HostAgent<AgentOptions> {
  private url(path: string): URL {
    return new URL(`/southbound/v1/hosts/${encodeURIComponent(this.options.hostId)}/${path}`, this.options.server);
  }

  /** One connection: snapshot if needed, then the watch until it ends. */
  protected async session(signal: AbortSignal): Promise<void> {
    const init = { signal, headers: this.options.token ? { 'x-auth-token': this.options.token } : undefined };
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
        if (verdict === 'resync') this.resync();
        if (verdict !== 'continue') {
          this.abort?.abort();
          return;
        }
      }
      if (this.state?.seq !== before) this.notify();
    }
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
}
