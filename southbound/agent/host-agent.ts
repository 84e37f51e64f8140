import * as E from 'fp-ts/lib/Either.js';
import { Checksum } from '../../projections/goal-state/checksum.js';
import { applyDiff, emptyHostState, hostStateOf, type HostState } from '../apply-diff.js';
import type { Datapath } from '../datapath/datapath.js';
import { checksumFromScratch, type Diff, type Snapshot } from '../wire.js';
import { Reporter, type ReportOptions } from './reporter.js';

export interface AgentStatus {
  readonly hostId: string;
  /** 0 until the first snapshot. */
  readonly seq: number;
  readonly position: number;
  /** Checksum of the goal state the agent holds (empty until the first snapshot). */
  readonly checksum: string;
  readonly connected: boolean;
  readonly reconnects: number;
  /** Times the agent found its state differing from the source's and started over from a snapshot. */
  readonly resyncs: number;
  /** The seq (and checksum there) its datapath has finished programming: what it reports; none before the first snapshot is. */
  readonly applied?: { readonly seq: number; readonly checksum: string };
}

export interface HostAgentOptions {
  readonly hostId: string;
  /** Reconnect delays: doubling from `initialMs` up to `maxMs`. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Programs the host from the goal state (the default: the agent's memory only). */
  readonly datapath?: Datapath;
  /** Called whenever the agent's seq or connection changes. */
  readonly onStatus?: (status: AgentStatus) => void;
  /** Where to report the seq and checksum applied (see Reporter). */
  readonly report?: ReportOptions;
}

/**
 * What every reference agent does whatever its transport: hold one host's goal state, run
 * sessions against its source (HTTP watch, Kafka partition) one after another with backoff,
 * resuming from its seq, and report seq and checksum. A transport says only how one session
 * reads snapshots and diffs.
 */
export abstract class HostAgent<Options extends HostAgentOptions = HostAgentOptions> {
  protected state?: HostState;
  protected abort?: AbortController;
  private running = false;
  private connected = false;
  private reconnects = 0;
  private resyncs = 0;
  private loop?: Promise<void>;
  /** The checksum of `state`, kept op by op as diffs apply (computed whole only for a snapshot, to check it). */
  private checksum = new Checksum();
  private applied?: { seq: number; checksum: string };
  /** Bumped when the state is dropped: a datapath that goes idle afterwards says nothing of the state before. */
  private generation = 0;
  private readonly reporter?: Reporter;

  constructor(protected readonly options: Options) {
    if (options.report)
      this.reporter = new Reporter(options.hostId, options.report, () => this.status(), () => {
        this.resync();
        this.abort?.abort();
      });
  }

  /** One session: read until the source ends it or the agent must start again; throws on failure. */
  protected abstract session(signal: AbortSignal): Promise<void>;

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    this.reporter?.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.reporter?.stop();
    this.abort?.abort();
    await this.loop;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Drops the current session as a network failure would; the agent reconnects by itself. */
  disconnect(): void {
    this.abort?.abort();
  }

  /** The goal state held now (a copy). */
  goalState(): HostState['goalState'] {
    return structuredClone(this.state?.goalState ?? {});
  }

  status(): AgentStatus {
    return {
      hostId: this.options.hostId,
      seq: this.state?.seq ?? 0,
      position: this.state?.position ?? 0,
      checksum: (this.state ? this.checksum : new Checksum()).hex(),
      connected: this.connected,
      reconnects: this.reconnects,
      resyncs: this.resyncs,
      ...(this.applied && { applied: this.applied }),
    };
  }

  private async run(): Promise<void> {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 100, maxMs: 5000 };
    let delay = initialMs;
    while (this.running) {
      this.abort = new AbortController();
      try {
        await this.session(this.abort.signal);
        delay = initialMs;
      } catch {
        // Source unreachable, connection reset or aborted, a bad snapshot: all mean "try again later".
      }
      this.setConnected(false);
      if (!this.running) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, maxMs);
      this.reconnects += 1;
    }
  }

  /** Takes a snapshot as the whole state, once its checksum is right. */
  protected adopt(snapshot: Snapshot): HostState {
    const checksum = checksumFromScratch(snapshot.goal_state);
    if (checksum.hex() !== snapshot.checksum) throw new Error(`snapshot of ${snapshot.hostId} at seq ${snapshot.seq} does not match its checksum`);
    return this.take(hostStateOf(snapshot), checksum);
  }

  /** Starts from the empty goal state at seq 0 (a source with no snapshot yet). */
  protected adoptEmpty(): HostState {
    return this.take(emptyHostState(this.options.hostId), new Checksum());
  }

  private take(state: HostState, checksum: Checksum): HostState {
    this.state = state;
    this.checksum = checksum;
    this.options.datapath?.adopt(state.goalState);
    this.notify();
    return state;
  }

  /** Applies the next diff to the state and its checksum (and hands it to the datapath); false on a gap. */
  protected applyNext(diff: Diff): boolean {
    if (E.isLeft(applyDiff(this.state!, diff, this.checksum))) return false;
    this.options.datapath?.apply(diff.ops);
    return true;
  }

  /** The state is not the source's: drop it, so the next session starts from a snapshot. */
  protected resync(): void {
    this.state = undefined;
    this.applied = undefined;
    this.generation += 1;
    this.resyncs += 1;
  }

  protected setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.notify();
  }

  protected notify(): void {
    const { datapath } = this.options;
    if (this.state) {
      const { seq, checksum } = this.status();
      // Everything up to this seq is handed to the datapath; it is applied once the datapath is idle (the memory alone: now).
      if (!datapath) this.applied = { seq, checksum };
      else {
        const generation = this.generation;
        void datapath.idle().then(() => {
          if (generation !== this.generation || (this.applied && this.applied.seq >= seq)) return;
          this.applied = { seq, checksum };
          this.told();
        });
      }
    }
    this.told();
  }

  private told(): void {
    this.options.onStatus?.(this.status());
    this.reporter?.changed();
  }
}
