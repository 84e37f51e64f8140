// The event store contract against a real PostgreSQL (NETLEDGER_PG_URL, e.g.
// `export NETLEDGER_PG_URL=$(ops/postgres/server.sh start)`). Skips without one, except under
// CI=true, where a missing server is a failure, not a skip. Each test gets a schema of its own,
// so this file runs in parallel with the other PostgreSQL test files.
import { describe } from 'vitest';
import { describeEventStoreContract } from '../../../test-kit/store-contract.js';
import { freshSchema, pgUrl, skipWithoutPostgres } from '../../../test-kit/postgres-database.js';

describe.skipIf(skipWithoutPostgres)('PostgreSQL', () => {
  describeEventStoreContract('postgres', () => freshSchema(pgUrl(), 'contract'));
});
