import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { HostReports, HostStreams, Watchers } from '../southbound/index.js';
import type { Engine } from '../engine/index.js';
import { commandTypeOf, outcomeOf, type CommandObserver } from '../engine/index.js';
import type { StoreObserver } from '../infra/store/embedded/store-observer.js';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * One node's Prometheus metrics, served at /metrics. The object is passed to whoever reports
 * (the store, the engine, the southbound), never reached as a global. A part that brings its
 * own figures, such as the southbound's watchers and diffs sent, creates them on `registry`:
 * `new Counter({ name: 'netledger_diffs_sent_total', help: '…', registers: [metrics.registry] })`.
 */
export class Metrics {
  readonly registry = new Registry();

  private readonly commands = new Counter({
    name: 'netledger_commands_total',
    help: 'Commands executed, by command type (a bulk by its last command) and outcome (ok, a Neutron error type, LaneFull, Overloaded, StoreUnavailable, crashed)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly commandSeconds = new Histogram({
    name: 'netledger_command_seconds',
    help: 'Time from a command entering its lane to its outcome, by command type',
    labelNames: ['type'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly allocationFailures = new Counter({
    name: 'netledger_ip_allocation_failures_total',
    help: 'Port creates and updates refused with IpAddressGenerationFailure (a subnet or network out of addresses)',
    registers: [this.registry],
  });

  private readonly appendSeconds = new Histogram({
    name: 'netledger_store_append_seconds',
    help: 'Time from an append being asked for to its being durable or refused, by outcome',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly fsyncSeconds = new Histogram({
    name: 'netledger_store_fsync_seconds',
    help: 'Duration of one fdatasync of a log segment',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly groupCommitAppends = new Histogram({
    name: 'netledger_store_group_commit_appends',
    help: 'Appends made durable by one write and fdatasync (group-commit batch size)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
    registers: [this.registry],
  });

  private readonly groupCommitEvents = new Histogram({
    name: 'netledger_store_group_commit_events',
    help: 'Events made durable by one write and fdatasync',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'netledger_' });
  }

  /** For the embedded store's `observer` option. */
  readonly store: StoreObserver = {
    appended: (seconds, outcome) => this.appendSeconds.observe({ outcome }, seconds),
    synced: (seconds) => this.fsyncSeconds.observe(seconds),
    committed: (appends, events) => {
      this.groupCommitAppends.observe(appends);
      this.groupCommitEvents.observe(events);
    },
  };

  /** For the engine's `observer` option. */
  readonly commandsObserver: CommandObserver = {
    settled: (command, _context, result, seconds) => {
      const outcome = outcomeOf(result);
      const type = commandTypeOf(command);
      this.commands.inc({ type, outcome });
      this.commandSeconds.observe({ type }, seconds);
      if (outcome === 'IpAddressGenerationFailure') this.allocationFailures.inc();
    },
    crashed: (command, _context, _error, seconds) => {
      const type = commandTypeOf(command);
      this.commands.inc({ type, outcome: 'crashed' });
      this.commandSeconds.observe({ type }, seconds);
    },
  };

  /** A gauge whose value is read at each scrape. */
  private readAtScrape(name: string, help: string, read: () => number | Promise<number>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  /** Figures read from the running engine at each scrape: projection lag and lane depth. */
  watch(engine: Engine): void {
    this.readAtScrape(
      'netledger_projection_lag_events',
      'Events durable in the log but not yet applied to the world and projections (head position minus applied position)',
      async () => Math.max(0, (await engine.store.headPosition()) - engine.world.position),
    );
    this.readAtScrape('netledger_log_head_position', 'Global position of the last durable event', () => engine.store.headPosition());
    this.readAtScrape('netledger_commands_in_flight', 'Commands queued or running over all lanes', () => engine.queuedCommands);
    this.readAtScrape('netledger_lane_queue_depth_max', 'Commands waiting in the fullest lane (a lane answers 429 past its bound)', () => engine.deepestLane);
  }

  private readonly createToActive = new Histogram({
    name: 'netledger_port_create_to_active_seconds',
    help: "Time from a port reaching its host's goal state to its agent's report that made it ACTIVE",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  portActivated(seconds: number): void {
    this.createToActive.observe(seconds);
  }

  /** Convergence, read at each scrape: how far each host's agent trails, ports waiting for ACTIVE, checksum mismatches. */
  watchConvergence(reports: HostReports, recorder: { waiting(): number }, streams: HostStreams): void {
    const perHost = (name: string, help: string, read: (lag: ReturnType<HostReports['lag']>) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['host'] as const,
        registers: [this.registry],
        collect() {
          this.reset();
          const now = Date.now();
          for (const host of streams.hosts()) this.set({ host }, read(reports.lag(host, now)));
        },
      });
    perHost('netledger_host_lag_seqs', "Diffs of the host's stream its agent has not reported applied", (lag) => lag.seqs);
    perHost('netledger_host_lag_positions', "Log positions between the host's goal state and the one its agent reported", (lag) => lag.positions);
    perHost('netledger_host_lag_seconds', 'Age of the oldest diff of the host its agent has not reported applied', (lag) => lag.seconds);
    this.readAtScrape('netledger_ports_waiting_active', "Bound, up ports whose host's agent has not applied them yet (DOWN)", () => recorder.waiting());
    this.totalAtScrape('netledger_agent_checksum_mismatches_total', "Agent reports whose checksum differed from the host's at the same seq (the agent was told to resync)", () => reports.mismatches);
  }

  /** The Nova notifier's figures, read at each scrape: a dead Nova shows here, not to clients. */
  watchNova(figures: { readonly sent: number; readonly refused: number; readonly failures: number; readonly dropped: number; readonly queued: number }): void {
    this.totalAtScrape('netledger_nova_events_sent_total', 'Events Nova took (os-server-external-events)', () => figures.sent);
    this.totalAtScrape('netledger_nova_events_refused_total', 'Events Nova answered with a code other than 200 (404: no such server)', () => figures.refused);
    this.totalAtScrape('netledger_nova_send_failures_total', 'Requests to Nova that failed (unreachable, 5xx); their events were sent again', () => figures.failures);
    this.totalAtScrape('netledger_nova_events_dropped_total', 'Events dropped while Nova was away, past the queue bound', () => figures.dropped);
    this.readAtScrape('netledger_nova_events_queued', 'Events waiting to be sent to Nova', () => figures.queued);
  }

  /** A counter that follows a running total read at each scrape. */
  private totalAtScrape(name: string, help: string, read: () => number): void {
    let seen = 0;
    new Counter({
      name,
      help,
      registers: [this.registry],
      collect() {
        const now = read();
        this.inc(now - seen);
        seen = now;
      },
    });
  }

  /** The southbound's figures, read at each scrape: open watches, diffs sent, watchers cut off. */
  watchSouthbound(watchers: Watchers): void {
    this.readAtScrape('netledger_southbound_watchers', 'Open goal-state watches (one per connected host agent)', () => watchers.size);
    this.totalAtScrape('netledger_southbound_diffs_sent_total', 'Diffs written to watching agents', () => watchers.sent.diffs);
    this.totalAtScrape('netledger_southbound_watchers_cut_total', 'Watchers cut off because their unread backlog passed the bound', () => watchers.sent.cut);
  }
}
