import { recordedEvent, type EventStore, type RecordedEvent, type Subscription, type World } from '../../domain/index.js';
import { deviceAfter, externalEventsOf, floatingIpEventsOf, floatingIpIdOf, floatingPortAfter, portIdOf, type ExternalEvent, type PortDevice } from './external-events.js';

export interface NovaNotifierOptions {
  /** Nova's compute endpoint, e.g. http://nova:8774/v2.1 */
  readonly novaUrl: string;
  /** X-Auth-Token for Nova (the service user's, under Keystone); none without. */
  readonly token?: () => Promise<string | undefined>;
  /** Events gathered this long are sent in one request (Neutron's send_events_interval: 2 s). */
  readonly batchMs?: number;
  /** Retry delays of a batch Nova did not take: doubling from initialMs up to maxMs. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Events kept while Nova is away; past this the oldest are dropped (and counted). */
  readonly maxQueued?: number;
}

/** What the notifier did, for /metrics. */
export interface NovaFigures {
  sent: number;
  /** Events Nova answered with a code other than 200 (404: no such server). */
  refused: number;
  /** Requests that failed (Nova unreachable, 5xx): their events were tried again. */
  failures: number;
  dropped: number;
  queued: number;
}

/**
 * Tells Nova what happened to its servers' ports, as Neutron's notifier does: POST
 * /os-server-external-events with batches of events, in log order (so in order per port), a batch
 * Nova did not take tried again with backoff before the next. It follows the log on its own
 * subscription from where the world is when it starts, so a write never waits for Nova, and a dead
 * Nova is a figure in /metrics, not an error to any client.
 */
export class NovaNotifier {
  readonly figures: NovaFigures = { sent: 0, refused: 0, failures: 0, dropped: 0, queued: 0 };
  private readonly queue: ExternalEvent[] = [];
  /** Each port's device as the log last showed it, folded here from the events alone. */
  private readonly ports = new Map<string, PortDevice>();
  /** Each floating IP's port (null: not mapped), folded the same way. */
  private readonly floatingPorts = new Map<string, string | null>();
  private subscription?: Subscription;
  private timer?: NodeJS.Timeout;
  private sending?: Promise<void>;
  private stopped = false;
  private delay: number;

  constructor(
    private readonly world: World,
    private readonly options: NovaNotifierOptions,
  ) {
    this.delay = options.backoff?.initialMs ?? 500;
  }

  /** Starts after the world's position: what happened before it was Nova's business before this node. */
  start(store: EventStore): void {
    for (const network of this.world.networks.values())
      for (const port of network.ports.values()) this.ports.set(port.id, { device_id: port.device_id, device_owner: port.device_owner });
    for (const floatingIp of this.world.floatingIps.values()) this.floatingPorts.set(floatingIp.id, floatingIp.port_id);
    this.subscription = store.subscribeToAll({
      after: this.world.position,
      onEvent: (stored) => {
        const event = recordedEvent(stored);
        const floatingId = floatingIpIdOf(event);
        if (floatingId !== undefined) return this.floatingIpChanged(event, floatingId);
        const id = portIdOf(event);
        if (id === undefined) return;
        const before = this.ports.get(id);
        const after = deviceAfter(event, before);
        this.enqueue(externalEventsOf(event, before, after));
        if (after) this.ports.set(id, after);
        else this.ports.delete(id);
      },
    });
    this.schedule(this.options.batchMs ?? 2000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.subscription?.close();
    await this.sending;
  }

  private floatingIpChanged(event: RecordedEvent, id: string): void {
    const before = this.floatingPorts.get(id) ?? null;
    const after = floatingPortAfter(event, before) ?? null;
    this.enqueue(floatingIpEventsOf(before, after, (portId) => this.ports.get(portId)));
    if (event.type === 'FloatingIpDeleted') this.floatingPorts.delete(id);
    else this.floatingPorts.set(id, after);
  }

  private enqueue(events: ExternalEvent[]): void {
    this.queue.push(...events);
    const max = this.options.maxQueued ?? 10_000;
    if (this.queue.length > max) this.figures.dropped += this.queue.splice(0, this.queue.length - max).length;
    this.figures.queued = this.queue.length;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sending = this.flush().finally(() => {
        this.sending = undefined;
      });
    }, ms);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    const batchMs = this.options.batchMs ?? 2000;
    if (this.queue.length === 0) return this.schedule(batchMs);
    const batch = this.queue.slice(0, 200);
    try {
      const token = await this.options.token?.();
      const response = await fetch(`${this.options.novaUrl.replace(/\/+$/, '')}/os-server-external-events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-openstack-nova-api-version': '2.1',
          'openstack-api-version': 'compute 2.1',
          ...(token ? { 'x-auth-token': token } : {}),
        },
        body: JSON.stringify({ events: batch }),
        signal: AbortSignal.timeout(10_000),
      });
      const answer = (await response.json().catch(() => undefined)) as { events?: { code?: number }[] } | undefined;
      if (response.status >= 500 || response.status === 401 || response.status === 403) throw new Error(`Nova answered ${response.status}`);
      // 200 and 207 answer per event; a 404 means none of the servers exists: Nova took them all the same.
      this.queue.splice(0, batch.length);
      this.figures.queued = this.queue.length;
      const codes = answer?.events?.map((e) => e.code) ?? batch.map(() => response.status);
      this.figures.sent += batch.length;
      this.figures.refused += codes.filter((code) => code !== 200).length;
      this.delay = this.options.backoff?.initialMs ?? 500;
      this.schedule(this.queue.length > 0 ? 0 : batchMs);
    } catch {
      this.figures.failures += 1;
      this.schedule(this.delay);
      this.delay = Math.min(this.delay * 2, this.options.backoff?.maxMs ?? 30_000);
    }
  }
}
