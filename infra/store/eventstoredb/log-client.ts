import type { ExpectedRevision } from '../../../domain/log/event-store.js';

/**
 * The little the EventStoreDB adapter needs from a client library, so that
 * @kurrent/kurrentdb-client (the renamed successor, whose append option is `streamState`)
 * can replace @eventstore/db-client by implementing this one interface.
 */
export interface LogClient {
  append(stream: string, events: readonly LogEventData[], expected: ExpectedRevision): Promise<LogAppendOutcome>;
  /** Events of a stream from a revision on; nothing if the stream does not exist. */
  readStream(stream: string, fromRevision: bigint, maxCount: number): AsyncIterable<LogRecord>;
  /** Records of $all, system ones included (flagged), so a caller can page by count. */
  readAll(from: LogPosition | 'start' | 'end', direction: 'forwards' | 'backwards', maxCount: number): AsyncIterable<LogRecord>;
  /**
   * Catch-up subscription to $all after `from` (exclusive), with a server-side filter: streams
   * named with `streamPrefix` when one is given, else every event type but the system's ($…).
   */
  subscribeToAll(from: LogPosition | 'start', streamPrefix: string): LogSubscription;
  close(): Promise<void>;
}

/** A position in the server's transaction log: byte offsets, ordered by commit then prepare. */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface LogEventData {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

export interface LogRecord extends LogEventData {
  /** The server's own events ($-types, links, binary data): never ours. */
  readonly system: boolean;
  readonly stream: string;
  readonly revision: bigint;
  readonly position: LogPosition;
}

export type LogAppendOutcome =
  | { readonly outcome: 'appended'; readonly nextRevision: bigint }
  | { readonly outcome: 'wrong_revision'; readonly actual: bigint | 'no_stream' }
  | { readonly outcome: 'unavailable'; readonly reason: string };

/** Records one at a time, each pulled when the previous one was handled (backpressure). */
export interface LogSubscription extends AsyncIterable<LogRecord> {
  close(): Promise<void>;
}
