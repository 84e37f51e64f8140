import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { IdempotencyKeys } from '../projections/index.js';
import { garbage, hostileBody, type Resource } from './arbitraries/hostile-bodies.js';
import { parameters } from './settings.js';
import { Ledger } from './support/ledger.js';

let ledger: Ledger;
let app: FastifyInstance;
/** Ids of one live network, subnet and port, for the update routes. */
const live: Record<Resource, string> = { network: '', subnet: '', port: '' };

const send = (method: 'POST' | 'PUT', url: string, payload: string, contentType = 'application/json') =>
  app.inject({ method, url, payload, headers: { 'content-type': contentType } });

beforeAll(async () => {
  ledger = await Ledger.open();
  // No request here sends an Idempotency-Key: the index need not follow the log.
  app = await buildApp({ engine: ledger.engine, idempotencyKeys: new IdempotencyKeys(), auth: { mode: 'none', defaultProject: 'p' }, logger: false });
  const created = async (url: string, body: object) => {
    const reply = await send('POST', url, JSON.stringify(body));
    expect(reply.statusCode, reply.body).toBe(201);
    return Object.values(reply.json() as Record<string, { id: string }>)[0].id;
  };
  live.network = await created('/v2.0/networks', { network: { name: 'target' } });
  live.subnet = await created('/v2.0/subnets', { subnet: { network_id: live.network, cidr: '10.9.0.0/24', ip_version: 4 } });
  live.port = await created('/v2.0/ports', { port: { network_id: live.network } });
});

afterAll(async () => {
  await app?.close();
  await ledger?.close();
});

const request = fc.constantFrom<Resource>('network', 'subnet', 'port').chain((resource) => {
  const base = { network: { name: 'n' }, subnet: { network_id: live.network, cidr: '10.9.1.0/24', ip_version: 4 }, port: { network_id: live.network } }[resource];
  const create = fc.oneof({ weight: 3, arbitrary: hostileBody(resource, base) }, garbage(resource)).map((payload) => ({ method: 'POST' as const, url: `/v2.0/${resource}s`, payload }));
  const update = fc.oneof({ weight: 3, arbitrary: hostileBody(resource, { name: 'renamed' }) }, garbage(resource)).map((payload) => ({ method: 'PUT' as const, url: `/v2.0/${resource}s/${live[resource]}`, payload }));
  const contentType = fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded'));
  return fc.tuple(fc.oneof(create, update), contentType);
});

describe('property 9: bad input over HTTP', () => {
  it('gets a 4xx with a NeutronError body, never a 5xx, and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(request, async ([{ method, url, payload }, contentType]) => {
        const head = await ledger.store.headPosition();
        const reply = await send(method, url, payload, contentType);
        expect(reply.statusCode, `${method} ${url} ${payload.slice(0, 300)} -> ${reply.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(reply.statusCode, reply.body.slice(0, 300)).toBeLessThan(500);
        const error = (reply.json() as { NeutronError?: Record<string, unknown> }).NeutronError;
        expect(error && [typeof error.type, typeof error.message, typeof error.detail]).toEqual(['string', 'string', 'string']);
        expect(await ledger.store.headPosition()).toBe(head);
      }),
      parameters(1000),
    );
  });
});
