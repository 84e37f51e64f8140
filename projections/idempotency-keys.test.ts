import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Command } from '../domain/index.js';
import { createNetwork, createSubnet, portRequest } from '../test-kit/commands.js';
import { context } from '../test-kit/engine-fixture.js';
import { enginePerTest } from '../test-kit/engine-per-test.js';
import { IdempotencyKeys, KEY_LIFETIME_MS } from './idempotency-keys.js';

const HOUR = 60 * 60 * 1000;
const T0 = Date.parse('2026-11-22T06:00:00.000Z');

const engineOn = enginePerTest();

const indexedLog = async () => {
  const keys = new IdempotencyKeys();
  const harness = await engineOn([keys]);
  /** Executes at `hours` after T0, under `key` when given. */
  const at = async (hours: number, command: Command, key?: string) => {
    const base = context();
    const result = await harness.engine.execute(command, { ...base, decidedAt: new Date(T0 + hours * HOUR).toISOString(), ...(key ? { idempotencyKey: key } : {}) });
    if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
    return { commandId: base.commandId, ...result.right };
  };
  return { keys, at };
};

describe('the index of Idempotency-Keys', () => {
  it('names the write made under a key: its command, positions and what it created, in log order', async () => {
    const { keys, at } = await indexedLog();
    const network = await at(0, createNetwork('n1'), 'k-net');
    await at(0, createSubnet('s1', 'n1', '10.0.0.0/24'));
    const ports = await at(0, { type: 'CreatePorts', ports: [portRequest('p1', 'n1'), portRequest('p2', 'n1', { mac_entropy: '2' })] }, 'k-ports');
    expect(keys.find('k-net', T0)).toEqual({
      commandId: network.commandId,
      decidedAt: T0,
      first: network.appended[0].first,
      last: network.appended[0].last,
      created: [{ kind: 'network', id: 'n1' }],
    });
    expect(keys.find('k-ports', T0)?.created).toEqual([{ kind: 'port', id: 'p1' }, { kind: 'port', id: 'p2' }]);
    expect(keys.find('k-ports', T0)?.last).toBe(ports.position);
    expect(keys.find('unknown', T0)).toBeUndefined();
  });

  it('keeps the first write under a key when a second one (raced in from another node) uses it too', async () => {
    const { keys, at } = await indexedLog();
    const first = await at(0, createNetwork('n1'), 'k');
    await at(0, createNetwork('n2'), 'k');
    expect(keys.find('k', T0)).toMatchObject({ commandId: first.commandId, created: [{ kind: 'network', id: 'n1' }] });
  });

  it('forgets a key a day after its write: by the time asked, and by the time of the later events', async () => {
    const { keys, at } = await indexedLog();
    await at(0, createNetwork('n1'), 'old');
    await at(1, createNetwork('n2'), 'younger');
    expect(keys.find('old', T0 + KEY_LIFETIME_MS - 1)).toBeDefined();
    expect(keys.find('old', T0 + KEY_LIFETIME_MS)).toBeUndefined();
    // An event 24 h and a bit later drops it from the index for good, whatever the clock asking.
    await at(24.5, createNetwork('n3'));
    expect(keys.find('old', T0)).toBeUndefined();
    expect(keys.find('younger', T0 + 2 * HOUR)).toBeDefined();
  });
});
