import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  WrongExpectedVersionError,
  excludeSystemEvents,
  isCommandError,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type JSONType,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { ExpectedRevision } from '../../../domain/log/event-store.js';
import type { LogAppendOutcome, LogClient, LogEventData, LogRecord, LogSubscription } from './log-client.js';

/** The LogClient over @eventstore/db-client 6 (EventStoreDB 20+), from an esdb:// connection string. */
export function eventStoreDbClient(connectionString: string): LogClient {
  const client = EventStoreDBClient.connectionString(connectionString);
  return {
    async append(stream, events, expected) {
      try {
        const result = await client.appendToStream(stream, events.map(toEventData), { expectedRevision: expectedRevision(expected) });
        return { outcome: 'appended', nextRevision: result.nextExpectedRevision };
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) return { outcome: 'wrong_revision', actual: error.actualVersion } as LogAppendOutcome;
        if (serverAway(error)) return { outcome: 'unavailable', reason: `EventStoreDB: ${(error as Error).message}` };
        throw error;
      }
    },
    async *readStream(stream, fromRevision, maxCount) {
      try {
        for await (const resolved of client.readStream(stream, { fromRevision, maxCount, direction: FORWARDS })) yield toRecord(resolved);
      } catch (error) {
        if (error instanceof Error && isCommandError(error) && error.type === 'stream-not-found') return;
        throw error;
      }
    },
    async *readAll(from, direction, maxCount) {
      const reading = client.readAll({ fromPosition: from === 'start' ? START : from === 'end' ? END : from, direction: direction === 'forwards' ? FORWARDS : BACKWARDS, maxCount });
      for await (const resolved of reading) yield toRecord(resolved);
    },
    subscribeToAll(from, streamPrefix) {
      const filter = streamPrefix === '' ? excludeSystemEvents() : streamNameFilter({ prefixes: [streamPrefix] });
      const subscription = client.subscribeToAll({ fromPosition: from === 'start' ? START : from, filter });
      return {
        async *[Symbol.asyncIterator]() {
          for await (const resolved of subscription) yield toRecord(resolved);
        },
        close: () => subscription.unsubscribe(),
      } satisfies LogSubscription;
    },
    close: () => client.dispose(),
  };
}

/** gRPC statuses that mean "not now": CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE. */
const AWAY_STATUSES = new Set([1, 4, 8, 10, 14]);
const AWAY_TYPES = new Set(['unavailable', 'deadline-exceeded', 'cancelled', 'timeout', 'not-leader']);

/**
 * Whether the server cannot take the request now. The client turns some gRPC failures into its
 * CommandErrors and passes others (a refused connection before its first call) through raw.
 */
function serverAway(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isCommandError(error)) return AWAY_TYPES.has(error.type);
  const status = (error as { code?: unknown }).code;
  return typeof status === 'number' && AWAY_STATUSES.has(status);
}

function expectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  return BigInt(expected);
}

function toEventData(event: LogEventData) {
  return jsonEvent({ type: event.type, data: event.data as JSONType, metadata: event.metadata as JSONType });
}

function toRecord(resolved: ResolvedEvent | AllStreamResolvedEvent): LogRecord {
  const event = resolved.event;
  if (event === undefined || event.position === undefined) throw new Error('EventStoreDB: a read returned an event without its position');
  const system = resolved.link !== undefined || !event.isJson || event.type.startsWith('$');
  return { system, stream: event.streamId, revision: event.revision, type: event.type, data: event.data, metadata: event.metadata, position: event.position };
}
