import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';
import { serverWithDataDir } from '../../test-kit/server-with-data-dir.js';
import { DEFAULT_PAGINATION_MAX_LIMIT } from '../plugins/ledger.js';

/** Issue 18's limits: what any caller can ask of a node is bounded, and a refusal is readable. */
const nodes: InProcessNode[] = [];
afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close();
});
const started = async (...args: Parameters<typeof startNode>) => {
  const node = await startNode(...args);
  nodes.push(node);
  return node;
};

const networks = (count: number, prefix: string) => ({ networks: Array.from({ length: count }, (_, i) => ({ name: `${prefix}-${i}` })) });

describe('limits', () => {
  // The 413 case's server of its own process; the fixture stops it and removes its dir after the block.
  const ownProcess = serverWithDataDir('netledger-413-');

  it('rebuilds as few past worlds at once as allowed and answers the reads beyond with 503 and Retry-After', async () => {
    const node = await started({}, undefined, { rebuilds: { running: 1, waiting: 0, retryAfterSeconds: 4 } });
    expect((await call(node.url, 'POST', '/v2.0/networks', networks(200, 'past'))).status).toBe(201);
    const head = node.engine.world.position;
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => call(node.url, 'GET', `/v2.0/networks?as_of=${head - 10 * (i + 1)}&limit=1`)));
    const busy = answers.filter((answer) => answer.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(answers.every((answer) => answer.status === 200 || answer.status === 503)).toBe(true);
    for (const answer of busy) {
      expect(answer.headers.get('retry-after')).toBe('4');
      expect(answer.body.NeutronError.type).toBe('ServiceUnavailable');
    }
    // Once they are done, the same reads are answered.
    expect((await call(node.url, 'GET', `/v2.0/networks?as_of=${head - 10}&limit=1`)).status).toBe(200);
  });

  it("caps a list's page at the maximum, as Neutron's pagination_max_limit: no limit or a larger one gets the maximum and a next link", async () => {
    expect(DEFAULT_PAGINATION_MAX_LIMIT).toBe(1000);
    const node = await started({}, undefined, { app: { paginationMaxLimit: 3 } });
    await call(node.url, 'POST', '/v2.0/networks', networks(5, 'page'));
    for (const query of ['', '?limit=0', '?limit=100']) {
      const page = await call(node.url, 'GET', `/v2.0/networks${query}`);
      expect(page.body.networks, query).toHaveLength(3);
      expect(page.body.networks_links.map((link: { rel: string }) => link.rel), query).toEqual(['next']);
    }
    const next = (await call(node.url, 'GET', '/v2.0/networks')).body.networks_links[0].href as string;
    expect((await call(node.url, 'GET', new URL(next).pathname + new URL(next).search)).body.networks).toHaveLength(2);
  });

  it('caps the watches of one host, answering one more with 503 and Retry-After until one closes', async () => {
    const node = await started({}, undefined, { watchers: { maxPerHost: 1 } });
    await call(node.url, 'POST', '/v1/hosts', { host: { id: 'h1', tunnel_ip: '192.0.2.1', mac: '02:00:00:00:00:01' } });
    const first = new AbortController();
    const watching = await fetch(`${node.url}/southbound/v1/hosts/h1/watch`, { signal: first.signal });
    expect(watching.status).toBe(200);
    const refused = await call(node.url, 'GET', '/southbound/v1/hosts/h1/watch');
    expect([refused.status, refused.headers.get('retry-after'), refused.body.NeutronError.type]).toEqual([503, '5', 'ServiceUnavailable']);
    expect(refused.body.NeutronError.message).toBe('Host h1 already has 1 watches open.');
    first.abort();
    await expect(watching.body!.getReader().read()).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = new AbortController();
    const reopened = await fetch(`${node.url}/southbound/v1/hosts/h1/watch`, { signal: again.signal });
    expect(reopened.status).toBe(200);
    again.abort();
  });

  it('answers a body over the limit with a 413 the client reads after sending it all, not a broken pipe', async () => {
    // A server of its own process: in the test's process the client's writes and the server's close share one event loop and never collide.
    const server = await ownProcess.start();
    const node = { url: server.url };
    const body = Buffer.from(JSON.stringify({ network: { name: 'big', description: 'y'.repeat(32 * 1024 * 1024) } }));
    // As a client that writes its whole body before it reads (Python's http.client, curl): a socket
    // that sends everything, waiting for each piece to drain, and only then reads the answer.
    const { port } = new URL(node.url);
    const answer = await new Promise<{ text: string; error?: string }>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      let error: string | undefined;
      socket.on('data', (chunk) => (text += chunk));
      socket.on('error', (failure: NodeJS.ErrnoException) => (error = failure.code ?? failure.message));
      socket.on('close', () => resolve(error === undefined ? { text } : { text, error }));
      socket.write(`POST /v2.0/networks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
      let at = 0;
      const write = () => {
        while (at < body.length) {
          const piece = body.subarray(at, at + 256 * 1024);
          at += piece.length;
          if (!socket.write(piece)) return socket.once('drain', write);
        }
      };
      write();
    });
    expect(answer).toEqual({ text: expect.stringMatching(/^HTTP\/1\.1 413 [^]*"HTTPRequestEntityTooLarge"/) });
    expect((await call(node.url, 'GET', '/v2.0/networks?name=big')).body.networks).toEqual([]);
  });
});
