// A restart of PostgreSQL under an open store: appends while it is down answer StoreUnavailable,
// and a subscription resumes from its last position with no gap or duplicate. Runs its own
// server (ops/postgres/server.sh) so it can stop it; skips where PostgreSQL tests skip.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isLeft } from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../domain/log/event-store.js';
import { appended, portCreated, readAllOf } from '../../../test-kit/embedded-fixtures.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { skipWithoutPostgres } from '../../../test-kit/postgres-database.js';

const run = promisify(execFile);
const SERVER = new URL('../../../ops/postgres/server.sh', import.meta.url).pathname;
const server = async (command: string, dir: string) => (await run(SERVER, [command, '--dir', dir])).stdout.trim();

describe.skipIf(skipWithoutPostgres)('PostgresEventStore across a database restart', () => {
  let dir: string;
  let url: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'netledger-pg-restart-'));
    url = await server('start', dir);
  });
  afterAll(async () => {
    await server('stop', dir);
    await rm(dir, { recursive: true, force: true });
  });

  it('answers StoreUnavailable while down and resumes the subscription without gap or duplicate', async () => {
    const store = await PostgresEventStore.open({ url });
    const delivered: StoredEvent[] = [];
    const errors: Error[] = [];
    const subscription = store.subscribeToAll({ after: 0, onEvent: (e) => void delivered.push(e), onError: (e) => void errors.push(e) });
    for (let i = 0; i < 20; i++) await appended(store.append(`vpc-${i % 3}`, [portCreated({ i })], 'any'));
    await expect.poll(() => delivered.length).toBe(20);

    await server('stop', dir);
    const whileDown = await store.append('vpc-0', [portCreated({ down: true })], 'any');
    expect(isLeft(whileDown) && whileDown.left._tag).toBe('StoreUnavailable');
    await server('restart', dir);

    // The pool reconnects on the next append; the subscription hears of it by NOTIFY once its
    // listener is back, or by polling the head until then.
    for (let i = 20; i < 40; i++) await appended(store.append(`vpc-${i % 3}`, [portCreated({ i })], 'any'));
    await expect.poll(() => delivered.length, { timeout: 15_000 }).toBe(40);
    await subscription.close();
    expect(errors).toEqual([]);
    expect(delivered).toEqual(await readAllOf(store));
    expect(delivered.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    await store.close();
  });
});
