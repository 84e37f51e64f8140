import * as E from 'fp-ts/lib/Either.js';
import type { WatchLine } from '../wire.js';
import { SnapshotCodec, decodeFor, decodeWatchLine } from '../wire-codec.js';
import { HostAgent, type HostAgentOptions } from './host-agent.js';
import { getFromServer, textOf, type ServerConnection } from './server-request.js';

export type { AgentStatus } from './host-agent.js';

export interface AgentOptions extends HostAgentOptions, ServerConnection {
  /** The server's base URL, e.g. http://127.0.0.1:9696 or https://… (then `ca` may name whom to trust). */
  readonly server: string;
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
    const { hostId } = this.options;
    if (!this.state) {
      const snapshot = decodeFor(SnapshotCodec, hostId, await textOf(await getFromServer(this.url('goal-state'), this.options, signal)));
      if (E.isLeft(snapshot)) throw new Error(`goal-state: ${snapshot.left.message}`);
      this.adopt(snapshot.right);
    }
    const response = await getFromServer(this.url(`watch?since=${this.state!.seq}`), this.options, signal);
    this.setConnected(true);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      const before = this.state?.seq;
      for (const text of lines) {
        // A line that is not the server's (corrupt, hostile, another host's) ends the session unapplied.
        const line = decodeWatchLine(hostId, text);
        if (E.isLeft(line)) throw new Error(`watch: ${line.left.message}`);
        const verdict = this.receive(line.right);
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
        return this.applyNext(line) ? 'continue' : 'resume';
      case 'heartbeat':
        if (line.seq > this.state!.seq) return 'resume';
        if (line.seq < this.state!.seq) return 'resync';
        return line.checksum === this.status().checksum ? 'continue' : 'resync';
    }
  }
}
