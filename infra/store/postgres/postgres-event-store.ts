import type { Either } from 'fp-ts/lib/Either.js';
import pg from 'pg';
import type {
  AppendError,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  StreamsAppended,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '../../../domain/log/event-store.js';
import { AppendBatches, oneStream } from '../append-batches.js';
import { appendRefusal } from '../append-refusal.js';
import { OpenSubscriptions } from '../embedded/subscription.js';
import { GroupCommit, MAX_BATCH_EVENTS } from './group-commit.js';
import { LogHead } from './log-head.js';
import { logSchema, migrate, type LogSchema } from './schema.js';
import { isUnavailable } from './unavailable.js';
import { storedEvent } from '../../../domain/log/recorded-event.js';

interface PostgresEventStoreOptions {
  /** postgres://user@host:port/database */
  readonly url: string;
  /** The PostgreSQL schema holding this log's tables (default `netledger`). */
  readonly schema?: string;
  /** Connections for appends and reads (default 10); LISTEN takes one more. */
  readonly poolSize?: number;
}

/** Reads fetch this many rows per query. */
const PAGE = 1000;
/** A subscription whose read failed because the database is away retries after this long, doubling. */
const RETRY_MS = { first: 100, max: 2_000 };

interface EventRow {
  position: string;
  stream: string;
  revision: string;
  type: string;
  version: number;
  data: unknown;
  metadata: unknown;
}

const COLUMNS = 'position, stream, revision, type, version, data, metadata';

/**
 * The event log in PostgreSQL: one events table, appends grouped into transactions that commit
 * in position order (see GroupCommit), and catch-up subscriptions that go live on LISTEN/NOTIFY.
 * A restart of the database is survived: appends meanwhile answer StoreUnavailable, the pool
 * reconnects on demand, and subscriptions resume from the last position they delivered.
 */
export class PostgresEventStore implements EventStore {
  private closing: Promise<void> | undefined;
  private readonly subscriptions = new OpenSubscriptions();
  private readonly writer: AppendBatches;
  private head!: LogHead;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly schema: LogSchema,
    lockKey: number,
  ) {
    const commit = new GroupCommit(pool, schema, lockKey, (position) => this.head.advance(position));
    this.writer = new AppendBatches((batch) => commit.write(batch), MAX_BATCH_EVENTS);
  }

  /** Connects, runs the schema's migrations, and starts following the head. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = logSchema(options.schema ?? 'netledger');
    const connection: pg.ClientConfig = { connectionString: options.url, connectionTimeoutMillis: 5_000 };
    const pool = new pg.Pool({ ...connection, max: options.poolSize ?? 10 });
    // An idle connection that the server closes (a restart) is dropped by the pool and
    // reported here; the next query opens a fresh one, so there is nothing more to do.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      // A connection that drops while checked out also emits 'error' on the client, which would
      // end the process: the migration's query under way fails with it, and open rejects with that.
      const dropped = () => undefined;
      client.on('error', dropped);
      let failure: Error | undefined;
      try {
        await migrate(client, schema);
      } catch (error) {
        failure = error as Error;
        throw error;
      } finally {
        client.off('error', dropped);
        // A connection that broke is dropped from the pool, not handed to the next query.
        client.release(failure);
      }
      const { rows } = await pool.query<{ key: number }>('select hashtext($1) as key', [`netledger.append.${schema.name}`]);
      const store = new PostgresEventStore(pool, schema, rows[0].key);
      store.head = await LogHead.follow(connection, schema, () => store.headPosition(), () => store.subscriptions.wake());
      return store;
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<Either<AppendError, AppendResult>> {
    return this.appendToStreams([{ stream, events, expected }]).then(oneStream);
  }

  appendToStreams(parts: readonly StreamWrite[]): Promise<Either<AppendError, StreamsAppended>> {
    const refused = appendRefusal<StreamsAppended>(parts, this.closing !== undefined);
    if (refused) return refused;
    return this.writer.append(parts);
  }

  async *readStream(stream: string, fromRevision = 0): AsyncIterable<StoredEvent> {
    for (let from = fromRevision; ; ) {
      const { rows } = await this.pool.query<EventRow>(
        `select ${COLUMNS} from ${this.schema.events} where stream = $1 and revision >= $2 order by revision limit ${PAGE}`,
        [stream, from],
      );
      for (const row of rows) yield eventOf(row);
      if (rows.length < PAGE) return;
      from = Number(rows[rows.length - 1].revision) + 1;
    }
  }

  async *readAll(after: number, limit = Number.POSITIVE_INFINITY): AsyncIterable<StoredEvent> {
    for (let remaining = limit, from = after; remaining > 0; ) {
      const page = Math.min(PAGE, remaining);
      const { rows } = await this.pool.query<EventRow>(
        `select ${COLUMNS} from ${this.schema.events} where position > $1 order by position limit ${page}`,
        [from],
      );
      for (const row of rows) yield eventOf(row);
      if (rows.length < page) return;
      remaining -= rows.length;
      from = Number(rows[rows.length - 1].position);
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const feed = {
      head: () => this.head.position,
      // Events of other nodes reach us only through the table, so there is no in-memory tail.
      recent: () => undefined,
      readAll: (after: number, limit: number) => this.readAllThroughOutages(after, limit),
    };
    return this.subscriptions.subscribe(feed, options);
  }

  async logId(): Promise<string> {
    const { rows } = await this.pool.query<{ id: string }>(`select id from ${this.schema.identity}`);
    return rows[0].id;
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ head: string }>(`select coalesce(max(position), 0)::text as head from ${this.schema.events}`);
    return Number(rows[0].head);
  }

  /** Settles every pending append, ends subscriptions (their onError hears why), disconnects. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.writer.drained();
      await this.subscriptions.endAll();
      await this.head.close();
      await this.pool.end();
    })();
    return this.closing;
  }

  /**
   * readAll for subscriptions: while the database is away it waits and retries from the last
   * event it yielded, so a subscriber sees neither a gap nor a duplicate across an outage.
   */
  private async *readAllThroughOutages(after: number, limit: number): AsyncIterable<StoredEvent> {
    let last = after;
    let remaining = limit;
    for (let wait = RETRY_MS.first; ; wait = Math.min(wait * 2, RETRY_MS.max)) {
      try {
        for await (const event of this.readAll(last, remaining)) {
          last = event.position;
          remaining -= 1;
          yield event;
        }
        return;
      } catch (error) {
        if (!isUnavailable(error) || this.closing !== undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}

/** A row as the event it holds, decoded (the columns' types are the database's, the JSON columns anything). */
function eventOf(row: EventRow): StoredEvent {
  return storedEvent({
    position: Number(row.position),
    stream: row.stream,
    revision: Number(row.revision),
    type: row.type,
    version: row.version,
    data: row.data,
    metadata: row.metadata,
  });
}
