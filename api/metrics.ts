import type { HostReports, HostStreams, Watchers } from '../southbound/index.js';

/**
 * What the API needs of the node's metrics: the exposition it serves at /metrics, and a place to
 * report the southbound watchers' gauges. node/ brings the implementation (prom-client's).
 */
export interface NodeMetrics {
  readonly registry: { readonly contentType: string; metrics(): Promise<string> };
  watchSouthbound(watchers: Watchers): void;
  /** Per-host lag, ports waiting for ACTIVE, checksum mismatches: read at each scrape. */
  watchConvergence(reports: HostReports, recorder: { waiting(): number }, streams: HostStreams): void;
  /** A port went ACTIVE this many seconds after it reached its host. */
  portActivated(seconds: number): void;
}
