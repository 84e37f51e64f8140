// Whatever the store, one writer per data dir: a second `netledger serve --store postgres` on the
// same --data-dir is refused (it would share, and wipe, the first one's audit index). Needs
// NETLEDGER_PG_URL; fails without it under CI=true.
import { describe, expect, it } from 'vitest';
import { databaseOfItsOwn, skipWithoutPostgres } from '../../test-kit/postgres-database.js';
import { startServer } from '../../test-kit/server-process.js';
import { serverWithDataDir } from '../../test-kit/server-with-data-dir.js';

describe.skipIf(skipWithoutPostgres)('the data dir of a node on PostgreSQL', () => {
  const database = databaseOfItsOwn('datadirlock');
  // After the database, so the node stops before the database is dropped.
  const node = serverWithDataDir('netledger-lock-');

  it('is refused to a second node while the first holds it', async () => {
    const args = ['--store', 'postgres', '--pg-url', database.url];
    await node.start(...args);
    await expect(startServer(['--data-dir', node.dataDir, ...args])).rejects.toThrow(/exited with 2[\s\S]*is in use by process \d+/);
  });
});
