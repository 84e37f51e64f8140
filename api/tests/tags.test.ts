import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

let node: InProcessNode;
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(node.url, method, path, body, headers);

beforeAll(async () => {
  node = await startNode();
});
afterAll(() => node.close());

describe('the tags subresource (standard-attr-tag)', () => {
  it('adds, checks, replaces and removes tags on a network, and filters by them', async () => {
    const network = (await api('POST', '/v2.0/networks', { network: { name: 'tagged' } })).body.network;
    const base = `/v2.0/networks/${network.id}/tags`;
    expect((await api('PUT', `${base}/red`)).status).toBe(201);
    expect((await api('PUT', `${base}/red`)).status).toBe(201);
    expect((await api('PUT', `${base}/blue`)).status).toBe(201);
    expect((await api('GET', base)).body).toEqual({ tags: ['red', 'blue'] });
    expect((await api('GET', `${base}/red`)).status).toBe(204);
    const absent = await api('GET', `${base}/green`);
    expect(absent.status).toBe(404);
    expect(absent.body.NeutronError.type).toBe('TagNotFound');
    expect((await api('GET', '/v2.0/networks?tags=red,blue')).body.networks.map((n: any) => n.id)).toEqual([network.id]);
    expect((await api('GET', '/v2.0/networks?tags-any=green')).body.networks).toEqual([]);

    const replaced = await api('PUT', base, { tags: ['a', 'b', 'a'] });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toEqual({ tags: ['a', 'b'] });
    expect((await api('DELETE', `${base}/a`)).status).toBe(204);
    expect((await api('DELETE', `${base}/a`)).body.NeutronError.type).toBe('TagNotFound');
    expect((await api('DELETE', base)).status).toBe(204);
    const shown = (await api('GET', `/v2.0/networks/${network.id}`)).body.network;
    expect(shown.tags).toEqual([]);
    expect(shown.revision_number).toBe(5);
  });

  it('works on every tagged collection, answers 404 for unknown resources, 412 for a stale If-Match, 400 for bad tags', async () => {
    const router = (await api('POST', '/v2.0/routers', { router: { name: 't' } })).body.router;
    const group = (await api('POST', '/v2.0/security-groups', { security_group: { name: 't' } })).body.security_group;
    for (const path of [`/v2.0/routers/${router.id}`, `/v2.0/security-groups/${group.id}`]) {
      expect((await api('PUT', `${path}/tags/x`)).status).toBe(201);
      expect((await api('GET', `${path}/tags`)).body.tags).toEqual(['x']);
    }
    const missing = await api('PUT', '/v2.0/ports/00000000-0000-0000-0000-000000000000/tags/x');
    expect(missing.status).toBe(404);
    expect(missing.body.NeutronError.type).toBe('PortNotFound');
    const stale = await api('PUT', `/v2.0/routers/${router.id}/tags/y`, undefined, { 'if-match': 'revision_number=0' });
    expect(stale.status).toBe(412);
    expect((await api('PUT', `/v2.0/routers/${router.id}/tags`, { tags: 'x' })).status).toBe(400);
    expect((await api('PUT', `/v2.0/routers/${router.id}/tags`, { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) })).status).toBe(400);
  });

  it('loses no tag when many are added at once', async () => {
    const network = (await api('POST', '/v2.0/networks', { network: { name: 'busy' } })).body.network;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => api('PUT', `/v2.0/networks/${network.id}/tags/t${i}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    const tags = (await api('GET', `/v2.0/networks/${network.id}/tags`)).body.tags;
    expect([...tags].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `t${i}`).sort());
  });
});
