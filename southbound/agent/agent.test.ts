import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checksumOf, encodeLine } from '../wire.js';
import { Agent } from './agent.js';

const HOST = 'compute-1';

/**
 * A hostile server (the attacker is what this test is about): a valid empty snapshot, then
 * whatever lines the test gives on every watch.
 */
const hostileServer = async (lines: readonly string[]): Promise<{ url: string; server: Server; watches: () => number }> => {
  let watches = 0;
  const server = createServer((request, response) => {
    if (request.url?.endsWith('/goal-state')) {
      response.end(encodeLine({ type: 'snapshot', hostId: HOST, seq: 0, position: 0, checksum: checksumOf({}), goal_state: {} }));
      return;
    }
    watches += 1;
    response.write(lines.join(''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, watches: () => watches };
};

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const until = async (condition: () => boolean): Promise<void> => {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition never held');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('the reference agent against lines that are not the server\'s', () => {
  it('applies no diff of kind __proto__, keeps Object.prototype clean, and reconnects', async () => {
    const polluting = `{"hostId":"${HOST}","ops":[{"body":{"polluted":true},"id":"polluted","kind":"__proto__","op":"upsert"}],"position":1,"seq":1,"type":"diff"}\n`;
    const { url, server, watches } = await hostileServer([polluting]);
    const agent = new Agent({ hostId: HOST, server: url, backoff: { initialMs: 5, maxMs: 5 } });
    close = async () => {
      await agent.stop();
      server.closeAllConnections();
      server.close();
    };
    agent.start();
    await until(() => watches() >= 2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(agent.status().seq).toBe(0);
    expect(agent.goalState()).toEqual({});
  });

  it('applies no diff meant for another host', async () => {
    const other = encodeLine({ type: 'diff', hostId: 'compute-2', seq: 1, position: 1, ops: [{ op: 'upsert', kind: 'port', id: 'p', body: { id: 'p' } }] });
    const { url, server, watches } = await hostileServer([other]);
    const agent = new Agent({ hostId: HOST, server: url, backoff: { initialMs: 5, maxMs: 5 } });
    close = async () => {
      await agent.stop();
      server.closeAllConnections();
      server.close();
    };
    agent.start();
    await until(() => watches() >= 2);
    expect(agent.status().seq).toBe(0);
    expect(agent.goalState()).toEqual({});
  });
});
