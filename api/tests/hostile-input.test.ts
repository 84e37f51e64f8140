import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

interface Hostile {
  readonly method: string;
  readonly path: string;
  readonly body?: string | Uint8Array<ArrayBuffer>;
  readonly contentType?: string;
}

const json = (method: string, path: string, body: string | Uint8Array<ArrayBuffer>): Hostile => ({ method, path, body, contentType: 'application/json' });
const nested = (depth: number) => `{"network":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;

describe('hostile input on networks, subnets and ports: always a 4xx in Neutron\'s body, never a change (issue 11)', () => {
  let node: InProcessNode;
  let ids: { network: string; subnet: string; port: string };
  beforeAll(async () => {
    node = await startNode();
    const post = async (path: string, body: unknown) => (await fetch(`${node.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<any>;
    const network = (await post('/v2.0/networks', { network: { name: 'target' } })).network;
    const subnet = (await post('/v2.0/subnets', { subnet: { network_id: network.id, ip_version: 4, cidr: '10.3.0.0/24' } })).subnet;
    const port = (await post('/v2.0/ports', { port: { network_id: network.id } })).port;
    ids = { network: network.id, subnet: subnet.id, port: port.id };
  });
  afterAll(() => node.close());

  const cases = (): Hostile[] => {
    const cases: Hostile[] = [];
    for (const collection of ['networks', 'subnets', 'ports']) {
      const id = ids[collection.slice(0, -1) as keyof typeof ids];
      for (const query of [
        '%ff%fe',
        'name=%ff%fe',
        'name=%e2%82',
        '%',
        'name=%zz',
        'limit=1e400',
        'limit=99999999999999999999',
        'limit=-1',
        'limit=1&limit=2',
        'sort_dir=asc',
        'sort_key=__proto__',
        'sort_key=constructor',
        'no_such_attribute=1',
        '__proto__=x',
        '__proto__[admin]=1',
        'constructor[prototype][x]=1',
        'toString=1',
        `name[a]=b`,
        `limit=1&marker=${'f'.repeat(36)}`,
      ])
        cases.push({ method: 'GET', path: `/v2.0/${collection}?${query}` });
      cases.push({ method: 'GET', path: `/v2.0/${collection}/%ff%fe` });
      cases.push({ method: 'GET', path: `/v2.0/${collection}/not-a-uuid` });
      cases.push({ method: 'GET', path: `/v2.0/${collection}/${'x'.repeat(300)}` });
      cases.push({ method: 'DELETE', path: `/v2.0/${collection}/not-a-uuid` });
      cases.push({ method: 'PATCH', path: `/v2.0/${collection}/${id}` });
      const singular = collection.slice(0, -1);
      for (const body of [
        `{"${singular}":{"name":"x","__proto__":{"admin_state_up":false}}}`,
        `{"__proto__":{"x":1},"${singular}":{"name":"x"}}`,
        `{"${singular}":{"name":"x","constructor":{"prototype":{"x":1}}}}`,
        `{"${singular}":{"name":"x","unknown_field":1}}`,
        `{"${singular}":{"name":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`,
        nested(20_000).replace('network', singular),
        `{"${singular}":{"name":"${'a'.repeat(900_000)}"}}`,
        `{"${singular}":{"name":"${'a'.repeat(1_100_000)}"}}`,
        `{"${singular}":{"name":"x"`,
        `[]`,
        `null`,
        `"${'x'.repeat(10)}"`,
        `{"${singular}s":[]}`,
      ]) {
        cases.push(json('POST', `/v2.0/${collection}`, body));
        cases.push(json('PUT', `/v2.0/${collection}/${id}`, body));
      }
      cases.push(json('POST', `/v2.0/${collection}`, new Uint8Array(Buffer.from(`{"${singular}":{"name":"\xff\xfe"}}`, 'latin1'))));
      cases.push(json('PUT', `/v2.0/${collection}/${id}`, new Uint8Array(Buffer.from(`{"${singular}":{"name":"\xff\xfe"}}`, 'latin1'))));
      cases.push({ method: 'POST', path: `/v2.0/${collection}`, body: 'name=x', contentType: 'application/x-www-form-urlencoded' });
    }
    cases.push(json('POST', '/v2.0/networks', '{"network":{"mtu":1e400}}'));
    cases.push(json('POST', '/v2.0/networks', '{"network":{"mtu":99999999999999999999}}'));
    cases.push(json('POST', '/v2.0/subnets', `{"subnet":{"network_id":"${'0'.repeat(8)}","ip_version":1e400,"cidr":"10.0.0.0/24"}}`));
    return cases;
  };

  it('answers every one with a 4xx and a NeutronError body, and appends nothing', async () => {
    const before = node.engine.world.position;
    const seen: string[] = [];
    for (const hostile of cases()) {
      const response = await fetch(`${node.url}${hostile.path}`, {
        method: hostile.method,
        headers: hostile.contentType ? { 'content-type': hostile.contentType } : {},
        body: hostile.body,
      });
      const text = await response.text();
      const label = `${hostile.method} ${hostile.path.slice(0, 80)} ${String(hostile.body ?? '').slice(0, 60)}`;
      seen.push(`${response.status} ${label}`);
      expect(response.status, label).toBeGreaterThanOrEqual(400);
      expect(response.status, label).toBeLessThan(500);
      const body = JSON.parse(text);
      expect(Object.keys(body), label).toEqual(['NeutronError']);
      expect(Object.keys(body.NeutronError).sort(), label).toEqual(['detail', 'message', 'type']);
    }
    expect(seen.length).toBeGreaterThan(100);
    expect(node.engine.world.position).toBe(before);
    expect(({} as Record<string, unknown>).admin_state_up).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
