import { left, right } from 'fp-ts/lib/Either.js';
import type pg from 'pg';
import type { AppendOutcome, PendingAppend } from '../append-batches.js';
import { wrongRevision } from '../expected-revision.js';
import type { LogSchema } from './schema.js';
import { isUnavailable, isUniqueViolation, unavailable } from './unavailable.js';

/** An append with its JSON already written, so a value JSON cannot hold fails before any SQL. */
interface EncodedAppend {
  readonly pending: PendingAppend;
  readonly data: readonly string[];
  readonly metadata: readonly string[];
}

/** One transaction takes the appends queued so far, up to this many events (a larger append goes alone). */
export const MAX_BATCH_EVENTS = 10_000;
/** A unique violation means a writer skipped our lock; a retry re-reads and reports the conflict. */
const UNIQUE_VIOLATION_RETRIES = 3;

/** The connection broke while COMMIT was under way: the transaction may have committed or not. */
class CommitInDoubt extends Error {
  constructor(readonly failure: unknown) {
    super('COMMIT did not answer');
  }
}

/**
 * Group commit on PostgreSQL: appends that arrive while a transaction is under way queue up (in
 * AppendBatches) and go together in the next one, so one node pays one commit (one WAL flush) for many appends.
 *
 * Ordering: every appending transaction, on every node, first takes one transaction-level
 * advisory lock, then reads the head and draws positions head+1… A transaction releases the
 * lock only after its commit is visible, so transactions commit in position order and a reader
 * that sees position p also sees every position below it: no gap is ever filled in later. The
 * cost is that appends are serialised across nodes; group commit wins the throughput back. (A
 * transaction-id high-water mark would let writers overlap, but then the order in which readers
 * may see events is not the position order, which the port promises.)
 *
 * Concurrency: the expected revision of every part of an append is checked against its stream's
 * last revision read under the lock in the same transaction (so parts that only check a stream
 * need no row lock), and unique (stream, revision) backs it in the database. An append that
 * writes several streams is in one transaction: all of it commits or none.
 */
export class GroupCommit {
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: LogSchema,
    private readonly lockKey: number,
    private readonly onCommitted: (lastPosition: number) => void,
  ) {}

  /** Writes one batch of AppendBatches, settling or failing each of its appends. */
  async write(batch: readonly PendingAppend[]): Promise<void> {
    const encoded: EncodedAppend[] = [];
    for (const pending of batch) {
      try {
        encoded.push({
          pending,
          data: pending.parts.flatMap((part) => part.events.map((event) => JSON.stringify(event.data) ?? 'null')),
          metadata: pending.parts.flatMap((part) => part.events.map((event) => JSON.stringify(event.metadata))),
        });
      } catch (bug) {
        pending.fail(bug); // data that cannot be serialised is the caller's bug
      }
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const outcomes = await this.transact(encoded);
        encoded.forEach(({ pending }, i) => pending.settle(outcomes[i]));
        return;
      } catch (thrown) {
        const inDoubt = thrown instanceof CommitInDoubt;
        const error = inDoubt ? thrown.failure : thrown;
        if (isUniqueViolation(error) && attempt < UNIQUE_VIOLATION_RETRIES) continue;
        // If the connection broke during COMMIT the outcome is unknown, and the caller is told so:
        // only the log, read once the database is back, says whether the append is in it.
        const outcome = isUnavailable(error) ? left(inDoubt ? { ...unavailable(error), outcomeUnknown: true as const } : unavailable(error)) : undefined;
        for (const { pending } of encoded) (outcome ? pending.settle(outcome) : pending.fail(error));
        return;
      }
    }
  }

  /** One transaction for the whole batch; appends whose expectation fails are left out of it. */
  private async transact(batch: readonly EncodedAppend[]): Promise<AppendOutcome[]> {
    const client = await this.pool.connect();
    // A connection that drops while checked out also emits 'error' on the client, which would
    // end the process; the query under way fails with it, and that is where it is handled.
    const dropped = () => undefined;
    client.on('error', dropped);
    let failure: unknown;
    let committing = false;
    try {
      await client.query(`begin; select pg_advisory_xact_lock(${this.lockKey})`);
      const streams = [...new Set(batch.flatMap((append) => append.pending.parts.map((part) => part.stream)))];
      const { rows } = await client.query<{ head: string; revisions: Record<string, number | null> }>(
        `select (select coalesce(max(position), 0) from ${this.schema.events})::text as head,
                (select json_object_agg(s.stream, (select revision from ${this.schema.events} e
                                                    where e.stream = s.stream order by revision desc limit 1))
                   from unnest($1::text[]) s(stream)) as revisions`,
        [streams],
      );
      let position = Number(rows[0].head);
      const revisions = new Map(Object.entries(rows[0].revisions ?? {}).map(([stream, revision]) => [stream, revision ?? -1]));
      const columns = { position: [] as number[], stream: [] as string[], revision: [] as number[], type: [] as string[], version: [] as number[], data: [] as string[], metadata: [] as string[] };
      const revisionOf = (stream: string) => revisions.get(stream) ?? -1;
      const outcomes = batch.map(({ pending, data, metadata }): AppendOutcome => {
        const refusal = wrongRevision(pending.parts, revisionOf);
        if (refusal) return left(refusal);
        const firstPosition = position + 1;
        let i = 0;
        const after = pending.parts.map((part) => {
          const first = revisionOf(part.stream) + 1;
          part.events.forEach((event, k) => {
            columns.position.push(firstPosition + i);
            columns.stream.push(part.stream);
            columns.revision.push(first + k);
            columns.type.push(event.type);
            columns.version.push(event.version);
            columns.data.push(data[i]);
            columns.metadata.push(metadata[i]);
            i += 1;
          });
          revisions.set(part.stream, first - 1 + part.events.length);
          return first - 1 + part.events.length;
        });
        position += pending.count;
        return right({ firstPosition, lastPosition: position, revisions: after });
      });
      if (columns.position.length > 0) {
        await client.query(
          `with appended as (
             insert into ${this.schema.events} (position, stream, revision, type, version, data, metadata)
             select * from unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::integer[], $6::json[], $7::json[])
           )
           select pg_notify($8, $9)`,
          [columns.position, columns.stream, columns.revision, columns.type, columns.version, columns.data, columns.metadata, this.schema.channel, String(position)],
        );
      }
      committing = true;
      await client.query('commit');
      if (columns.position.length > 0) this.onCommitted(position);
      return outcomes;
    } catch (error) {
      failure = error;
      await client.query('rollback').catch(() => undefined);
      throw committing ? new CommitInDoubt(error) : error;
    } finally {
      client.off('error', dropped);
      // A connection that broke is dropped from the pool instead of handed to the next query.
      client.release(failure !== undefined && isUnavailable(failure) ? (failure as Error) : undefined);
    }
  }
}
