import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { sendPieces } from '../routes/goal-state-history.js';

describe('pieces of an answer', () => {
  const app = Fastify();
  // More than loopback's socket buffers hold: the server cannot finish while the client does not read.
  const big = Buffer.alloc(16 * 1024 * 1024, 'a');
  let released = 0;
  app.get('/', (_request, reply) => sendPieces(reply, [Buffer.from('{"a":"'), big, Buffer.from('"}')], () => (released += 1)));
  afterAll(() => app.close());

  it('go out whole, and are released once the response is done with them, not before', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const response = await new Promise<import('node:http').IncomingMessage>((resolve) => get({ host: '127.0.0.1', port, path: '/' }, resolve));
    response.pause();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(released).toBe(0);
    expect(response.headers['content-length']).toBe(String(big.length + 8));
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => response.on('end', resolve));
    response.resume();
    await ended;
    const body = Buffer.concat(chunks);
    expect(body.length).toBe(big.length + 8);
    expect(JSON.parse(body.toString()).a).toHaveLength(big.length);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(released).toBe(1);
  });
});
