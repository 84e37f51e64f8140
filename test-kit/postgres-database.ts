import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { EventStore } from '../domain/log/event-store.js';
import { PostgresEventStore } from '../infra/store/postgres/postgres-event-store.js';

/**
 * NETLEDGER_PG_URL for a test file. Tests that need PostgreSQL skip without it, except under
 * CI=true, where they fail through this throw instead.
 */
export function pgUrl(): string {
  const url = process.env.NETLEDGER_PG_URL;
  if (!url) {
    throw new Error(
      'CI=true but NETLEDGER_PG_URL is not set: start a server with ' +
        '`export NETLEDGER_PG_URL=$(ops/postgres/server.sh start)` (or run .ci/run)',
    );
  }
  return url;
}

export const skipWithoutPostgres = !process.env.NETLEDGER_PG_URL && process.env.CI !== 'true';

/**
 * A database of its own for the describe block it is called in, so its file runs beside the other
 * PostgreSQL tests: created in beforeAll, dropped in afterAll with whatever is still connected.
 * Fixtures declared after it are cleaned up before it (hooks run as a stack).
 */
export const databaseOfItsOwn = (prefix: string): { readonly url: string } => {
  const database = `${prefix}_${randomBytes(6).toString('hex')}`;
  let admin: pg.Client | undefined;
  let url: string | undefined;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: pgUrl() });
    await admin.connect();
    await admin.query(`create database ${database}`);
    const at = new URL(pgUrl());
    at.pathname = `/${database}`;
    url = at.toString();
  });
  afterAll(async () => {
    await admin?.query(`drop database if exists ${database} with (force)`);
    await admin?.end();
  });
  return {
    get url() {
      if (!url) throw new Error('databaseOfItsOwn is called in a describe block, its database is made before the tests');
      return url;
    },
  };
};

export interface FreshSchema {
  readonly schema: string;
  readonly store: EventStore;
  /** Opens the same schema again (another node, or after close). */
  readonly reopen: () => Promise<EventStore>;
  /** Closes every store opened here and drops the schema. */
  readonly cleanup: () => Promise<void>;
}

/** A store on a schema of its own, so test files (and tests) never see each other's events. */
export async function freshSchema(url: string, prefix: string): Promise<FreshSchema> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const opened: EventStore[] = [];
  const reopen = async () => {
    const store = await PostgresEventStore.open({ url, schema, poolSize: 4 });
    opened.push(store);
    return store;
  };
  const store = await reopen();
  return {
    schema,
    store,
    reopen,
    cleanup: async () => {
      await Promise.all(opened.map((s) => s.close()));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
