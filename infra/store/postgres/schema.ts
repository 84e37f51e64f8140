import type pg from 'pg';

/** Where a store's tables live: one PostgreSQL schema, so several logs (or test files) share a database. */
export interface LogSchema {
  readonly name: string;
  readonly events: string;
  readonly migrations: string;
  /** One row: the log's id, made with the schema. */
  readonly identity: string;
  /** NOTIFY channel that carries the last position of each committed append. */
  readonly channel: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

export function logSchema(name: string): LogSchema {
  if (!SCHEMA_NAME.test(name)) throw new RangeError(`schema name must match ${SCHEMA_NAME}: ${name}`);
  return { name, events: `"${name}".events`, migrations: `"${name}".schema_migrations`, identity: `"${name}".log_identity`, channel: `${name}_appended` };
}

/**
 * The schema, as an ordered list of steps; a step once released is never edited, only followed.
 * data and metadata are `json`, not `jsonb`: json keeps the bytes as written (key order included),
 * so a replay from PostgreSQL serialises exactly as one from the embedded log.
 */
const MIGRATIONS: readonly ((schema: LogSchema) => string)[] = [
  (s) => `
    create table ${s.events} (
      position bigint primary key,
      stream text not null,
      revision bigint not null,
      type text not null,
      version integer not null,
      data json not null,
      metadata json not null,
      -- the database's own guard on optimistic concurrency: two writers that read the same
      -- revision cannot both commit the next one
      constraint events_stream_revision unique (stream, revision)
    )`,
  // A schema from before log ids gets one too: derived data that records none is rebuilt once.
  (s) => `
    create table ${s.identity} (
      id text not null,
      only_row boolean primary key default true check (only_row)
    );
    insert into ${s.identity} (id) values (gen_random_uuid()::text)`,
];

/** Brings the schema up to date; nodes starting together take turns through an advisory lock. */
export async function migrate(client: pg.ClientBase, schema: LogSchema): Promise<void> {
  await client.query('begin');
  try {
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`netledger.migrate.${schema.name}`]);
    await client.query(`create schema if not exists "${schema.name}"`);
    await client.query(
      `create table if not exists ${schema.migrations} (version integer primary key, applied_at timestamptz not null default now())`,
    );
    const { rows } = await client.query<{ done: number }>(`select coalesce(max(version), 0)::integer as done from ${schema.migrations}`);
    for (let version = rows[0].done + 1; version <= MIGRATIONS.length; version++) {
      await client.query(MIGRATIONS[version - 1](schema));
      await client.query(`insert into ${schema.migrations} (version) values ($1)`, [version]);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
