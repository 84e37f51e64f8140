import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork } from '../../test-kit/commands.js';
import { context } from '../../test-kit/engine-fixture.js';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';
import { keyClaim } from '../../engine/index.js';
import { scopedKey } from '../plugins/idempotency.js';

let node: InProcessNode;
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(node.url, method, path, body, headers);

beforeAll(async () => {
  node = await startNode();
});
afterAll(() => node.close());

describe('Idempotency-Key on creates', () => {
  it('answers a retry with the original status and body, creating once', async () => {
    const first = await api('POST', '/v2.0/networks', { network: { name: 'once' } }, { 'idempotency-key': 'k-1' });
    const retry = await api('POST', '/v2.0/networks', { network: { name: 'once' } }, { 'idempotency-key': 'k-1' });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await api('GET', '/v2.0/networks?name=once')).body.networks).toHaveLength(1);
  });

  it('creates once when retries race the first request', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => api('POST', '/v2.0/security-groups', { security_group: { name: 'raced' } }, { 'idempotency-key': 'k-race' })),
    );
    expect(new Set(answers.map((a) => a.body.security_group.id)).size).toBe(1);
    expect((await api('GET', '/v2.0/security-groups?name=raced')).body.security_groups).toHaveLength(1);
  });

  it('decides a refusal again (it wrote nothing), and keeps keys apart per caller and per collection', async () => {
    const refused = await api('POST', '/v2.0/subnets', { subnet: { network_id: 'none', cidr: '10.0.0.0/24', ip_version: 4 } }, { 'idempotency-key': 'k-2' });
    expect(refused.status).toBe(404);
    const replayed = await api('POST', '/v2.0/subnets', { subnet: { network_id: 'none', cidr: '10.0.0.0/24', ip_version: 4 } }, { 'idempotency-key': 'k-2' });
    expect(replayed.status).toBe(404);
    expect(replayed.body).toEqual(refused.body);
    const otherCollection = await api('POST', '/v2.0/routers', { router: { name: 'k2' } }, { 'idempotency-key': 'k-2' });
    expect(otherCollection.status).toBe(201);
    const otherProject = await api('POST', '/v2.0/routers', { router: { name: 'k2' } }, { 'idempotency-key': 'k-2', 'x-project-id': 'other' });
    expect(otherProject.status).toBe(201);
    expect(otherProject.body.router.id).not.toBe(otherCollection.body.router.id);
    const without = [await api('POST', '/v2.0/routers', { router: { name: 'nokey' } }), await api('POST', '/v2.0/routers', { router: { name: 'nokey' } })];
    expect(without[0].body.router.id).not.toBe(without[1].body.router.id);
  });

  it("forgets a key a day after its write: the retry then creates anew, from the key stream's revision", async () => {
    // A write made under the key 25 hours ago, as its events' metadata says, that took the key's stream as a request does.
    const idempotencyKey = scopedKey({ projectId: 'admin', userId: 'admin' }, '/v2.0/networks', 'k-old');
    const decidedAt = new Date(Date.now() - 25 * 60 * 60 * 1000).toISOString();
    const claim = keyClaim(node.engine.world, idempotencyKey);
    expect(claim.expected).toBe('no_stream');
    const old = await node.engine.execute(createNetwork('old-net', { project_id: 'admin', name: 'old' }), { ...context(), decidedAt, idempotencyKey }, claim);
    expect(old._tag).toBe('Right');
    expect(keyClaim(node.engine.world, idempotencyKey).expected).toBe(0);
    const retry = await api('POST', '/v2.0/networks', { network: { name: 'old' } }, { 'idempotency-key': 'k-old' });
    expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([201, null]);
    expect(retry.body.network.id).not.toBe('old-net');
    expect((await api('GET', '/v2.0/networks?name=old')).body.networks).toHaveLength(2);
    expect(keyClaim(node.engine.world, idempotencyKey).expected).toBe(1);
  });

  it('answers a floating IP again (its body calls it floatingip)', async () => {
    const external = await api('POST', '/v2.0/networks', { network: { name: 'ext', 'router:external': true } });
    await api('POST', '/v2.0/subnets', { subnet: { network_id: external.body.network.id, ip_version: 4, cidr: '198.51.100.0/24' } });
    const body = { floatingip: { floating_network_id: external.body.network.id } };
    const first = await api('POST', '/v2.0/floatingips', body, { 'idempotency-key': 'k-fip' });
    expect(first.status).toBe(201);
    const retry = await api('POST', '/v2.0/floatingips', body, { 'idempotency-key': 'k-fip' });
    expect([retry.status, retry.headers.get('idempotent-replayed'), retry.body.floatingip?.id]).toEqual([201, 'true', first.body.floatingip.id]);
  });

  it('refuses an empty or oversized key', async () => {
    const long = await api('POST', '/v2.0/networks', { network: {} }, { 'idempotency-key': 'k'.repeat(256) });
    expect(long.status).toBe(400);
    expect(long.body.NeutronError.type).toBe('HTTPBadRequest');
  });
});
