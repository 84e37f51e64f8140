import type { Either } from 'fp-ts/lib/Either.js';

/**
 * The event store port. The embedded log, PostgreSQL and EventStoreDB adapters in infra/
 * implement it; the contract suite in infra/store/contract.ts holds every one of them to it.
 */

/** Who decided a change and why; supplied by the caller, never read from a clock inside domain/. */
export interface EventMetadata {
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId?: string;
  /** The host whose agent reported the fact the events record (a port's status), for facts from outside. */
  readonly host?: string;
  /** The request's `Idempotency-Key`, scoped by its caller and route: a retry finds the write it names in the log. */
  readonly idempotencyKey?: string;
  readonly actor: { readonly projectId: string; readonly userId: string };
  /** RFC 3339 timestamp of the decision, from the command. */
  readonly decidedAt: string;
}

/** An event about to be appended. `version` is the schema version of its type. */
export interface NewEvent {
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/** An event as the log holds it. */
export interface StoredEvent extends NewEvent {
  /** Global position: strictly increasing in log order, starting at 1. Gaps are allowed, refills are not. */
  readonly position: number;
  readonly stream: string;
  /** Revision of this event inside its stream: 0 for a stream's first event, dense. */
  readonly revision: number;
}

/**
 * What the appender believes about the stream: `no_stream` (it must not exist yet), `any`,
 * or the revision of its last event.
 */
export type ExpectedRevision = number | 'no_stream' | 'any';

export interface AppendResult {
  /** Revision of the last event appended. */
  readonly revision: number;
  /** Global positions of the first and last events appended. */
  readonly firstPosition: number;
  readonly lastPosition: number;
}

/**
 * One stream's part of an atomic append across streams. A part with no events only checks the
 * stream: the append goes ahead only if that stream is still at `expected` (a decision that read
 * it, such as a host a port binds to, without changing it).
 */
export interface StreamWrite {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly NewEvent[];
}

export interface StreamsAppended {
  /** Global positions of the first and last events appended, over all streams. */
  readonly firstPosition: number;
  readonly lastPosition: number;
  /** Each part's stream revision after the append, in the order of the parts (-1: still no stream). */
  readonly revisions: readonly number[];
}

export interface WrongExpectedRevision {
  readonly _tag: 'WrongExpectedRevision';
  readonly stream: string;
  readonly expected: ExpectedRevision;
  /** The stream's actual last revision, or -1 when it does not exist. */
  readonly actual: number;
}

/** The store cannot take writes now (disk full, database down); the caller may retry later. */
export interface StoreUnavailable {
  readonly _tag: 'StoreUnavailable';
  readonly reason: string;
  /**
   * Set when the append may have been written all the same (the connection broke during COMMIT):
   * only the log can tell. Without it, nothing was written.
   */
  readonly outcomeUnknown?: true;
}

export type AppendError = WrongExpectedRevision | StoreUnavailable;

export interface Subscription {
  /** Stops delivery; resolves once no handler call is running. */
  close(): Promise<void>;
}

export interface SubscribeOptions {
  /** Deliver events with position > `after` (0 = from the start). */
  readonly after: number;
  /**
   * Called once per event in global order, never concurrently; the next event waits for the
   * returned promise. Catch-up and live delivery join with no gap and no duplicate.
   */
  readonly onEvent: (event: StoredEvent) => void | Promise<void>;
  /** Called once the subscription has delivered everything stored when it caught up. */
  readonly onCaughtUp?: (position: number) => void;
  /** Called if the subscription stops for good (the store was closed or failed past retrying). */
  readonly onError?: (error: Error) => void;
}

export interface EventStore {
  /**
   * Appends atomically to one stream. Resolves only once the events are durable
   * (fsync or a committed transaction). All or none of the events are written.
   */
  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<Either<AppendError, AppendResult>>;
  /**
   * Appends to several streams at once, each part with its expected revision: all parts are
   * written or none (a wrong revision on any part refuses the whole append, naming that part).
   * A rule that spans streams is decided by one such append, never by two and a compensation.
   * The parts name distinct streams and at least one has events; the events get consecutive
   * positions in the order of the parts.
   */
  appendToStreams(parts: readonly StreamWrite[]): Promise<Either<AppendError, StreamsAppended>>;
  /** Events of one stream from `fromRevision` on (default 0), in revision order. */
  readStream(stream: string, fromRevision?: number): AsyncIterable<StoredEvent>;
  /** Events of all streams with position > `after`, in position order, at most `limit` of them. */
  readAll(after: number, limit?: number): AsyncIterable<StoredEvent>;
  /** Catch-up then live delivery of all events after a position. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** Position of the last durable event (0 for an empty log). */
  headPosition(): Promise<number>;
  /**
   * The id the log was given when it was created, the same for as long as it lives: data derived
   * from the log records it, so data derived from another log is never taken for this one's.
   */
  logId(): Promise<string>;
  close(): Promise<void>;
}
