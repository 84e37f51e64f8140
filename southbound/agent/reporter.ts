import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { ReportAnswer, type AgentReport } from '../agent-report.js';
import type { AgentStatus } from './host-agent.js';
import { postToServer, textOf, type ServerConnection } from './server-request.js';

export interface ReportOptions extends ServerConnection {
  /** The server the agent reports to, e.g. http://127.0.0.1:9696 (a Kafka agent's too). */
  readonly server: string;
  /** A report at least this often while the agent runs, so the server knows it is alive (default 2 s). */
  readonly intervalMs?: number;
  readonly agentType?: string;
  readonly agentVersion?: string;
}

/**
 * Tells the server what the agent's datapath has programmed: `POST /southbound/v1/hosts/{host}/report`
 * with that seq and checksum after every change of it and every `intervalMs`, one request at a time (a change
 * while one is on its way is sent right after it). An answer `resync: true` makes the agent start
 * over from a snapshot. A server that cannot be reached is tried again at the next change or tick.
 */
export class Reporter {
  private timer?: NodeJS.Timeout;
  private sending = false;
  private again = false;
  private sent?: { seq: number; checksum: string };

  constructor(
    private readonly hostId: string,
    private readonly options: ReportOptions,
    private readonly status: () => AgentStatus,
    private readonly startOver: () => void,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.send(), this.options.intervalMs ?? 2000);
    this.timer.unref();
    void this.send();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The agent's status changed: report it if its applied seq or checksum moved. */
  changed(): void {
    const { applied } = this.status();
    if (applied && (applied.seq !== this.sent?.seq || applied.checksum !== this.sent.checksum)) void this.send();
  }

  private async send(): Promise<void> {
    if (!this.timer) return;
    if (this.sending) {
      this.again = true;
      return;
    }
    const { applied } = this.status();
    // Until its datapath has programmed a snapshot an agent has nothing to report (an idle host's agent at seq 0 does, once it has).
    if (!applied) return;
    const { seq, checksum } = applied;
    this.sending = true;
    try {
      // The wire form: the server's codec checks the checksum is 64 hex digits.
      const report: t.OutputOf<typeof AgentReport> = { seq, checksum, agent_type: this.options.agentType ?? 'netledger-agent', agent_version: this.options.agentVersion ?? '1' };
      const url = new URL(`/southbound/v1/hosts/${encodeURIComponent(this.hostId)}/report`, this.options.server);
      const response = await postToServer(url, this.options, report, AbortSignal.timeout(5000));
      const answer = ReportAnswer.decode(JSON.parse(await textOf(response)));
      if (E.isRight(answer)) {
        this.sent = { seq, checksum };
        if (answer.right.resync) this.startOver();
      }
    } catch {
      // The server is away: the next change or tick reports again.
    } finally {
      this.sending = false;
    }
    if (this.again) {
      this.again = false;
      void this.send();
    }
  }
}
