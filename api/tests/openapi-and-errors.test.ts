import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

let node: InProcessNode;
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(node.url, method, path, body, headers);

beforeAll(async () => {
  node = await startNode();
});
afterAll(() => node.close());

describe('the OpenAPI document', () => {
  it('documents every resource route with its success and every error status, with the NeutronError body', async () => {
    const answer = await api('GET', '/openapi.json');
    expect(answer.status).toBe(200);
    const { paths } = answer.body;
    const expectations: [string, string, string[]][] = [
      ['/v2.0/networks', 'post', ['201', '400', '401', '404', '409', '413', '415', '429', '503']],
      ['/v2.0/networks/{id}', 'put', ['200', '400', '401', '404', '409', '412', '413', '415', '429', '503']],
      ['/v2.0/ports/{id}', 'delete', ['204', '400', '401', '404', '409', '412', '429', '503']],
      ['/v2.0/security-groups', 'get', ['200', '400', '401']],
      ['/v2.0/security-group-rules/{id}', 'get', ['200', '401', '404']],
      ['/v2.0/routers/{id}/add_router_interface', 'put', ['200', '400', '401', '404', '409', '412', '413', '429', '503']],
      ['/v2.0/routers/{id}/remove_extraroutes', 'put', ['200', '404', '412']],
      ['/v2.0/subnets/{id}/tags/{tag}', 'put', ['201', '404', '412']],
      ['/v1/hosts/{id}', 'delete', ['204', '404', '409']],
      ['/v2.0/network-ip-availabilities/{id}', 'get', ['200', '404']],
      ['/v2.0/extensions/{alias}', 'get', ['200', '404']],
    ];
    for (const [path, method, statuses] of expectations) {
      const operation = paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      for (const status of statuses) expect(Object.keys(operation.responses), `${method} ${path}`).toContain(status);
      for (const [status, response] of Object.entries<any>(operation.responses))
        if (Number(status) >= 400) expect(response.content['application/json'].schema.required, `${status} of ${method} ${path}`).toEqual(['NeutronError']);
    }
    expect(paths['/v2.0/networks'].post.requestBody.content['application/json'].schema.oneOf).toHaveLength(2);
  });
});

describe('malformed requests', () => {
  it('answers 413 with a Neutron body for a body over the limit', async () => {
    const answer = await api('POST', '/v2.0/networks', JSON.stringify({ network: { name: 'x', description: 'y'.repeat(2 * 1024 * 1024) } }));
    expect(answer.status).toBe(413);
    expect(answer.body.NeutronError.type).toBe('HTTPRequestEntityTooLarge');
  });

  it('answers 400 for invalid JSON, whatever the content type says (Neutron reads every body as JSON)', async () => {
    const invalid = await api('POST', '/v2.0/routers', '{"router": {');
    expect(invalid.status).toBe(400);
    expect(invalid.body.NeutronError).toBeDefined();
    const response = await fetch(`${node.url}/v2.0/routers`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<router/>' });
    expect(response.status).toBe(400);
    expect((await response.json()).NeutronError.type).toBe('HTTPBadRequest');
  });

  it('answers 404 with the resource type for unknown ids, and HTTPNotFound for unknown paths', async () => {
    const missing = '11111111-2222-3333-4444-555555555555';
    for (const [path, type] of [
      ['/v2.0/networks', 'NetworkNotFound'],
      ['/v2.0/subnets', 'SubnetNotFound'],
      ['/v2.0/ports', 'PortNotFound'],
      ['/v2.0/security-groups', 'SecurityGroupNotFound'],
      ['/v2.0/security-group-rules', 'SecurityGroupRuleNotFound'],
      ['/v2.0/routers', 'RouterNotFound'],
      ['/v1/hosts', 'HostNotFound'],
    ]) {
      for (const method of ['GET', 'DELETE']) {
        const answer = await api(method, `${path}/${missing}`);
        expect(answer.status, `${method} ${path}`).toBe(404);
        expect(answer.body.NeutronError.type, `${method} ${path}`).toBe(type);
      }
    }
    const unknown = await api('GET', '/v2.0/qos/policies');
    expect(unknown.status).toBe(404);
    expect(unknown.body.NeutronError.type).toBe('HTTPNotFound');
  });

  it('answers 405 with what is allowed for a method a known path does not take', async () => {
    const network = (await api('POST', '/v2.0/networks', { network: { name: 'n' } })).body.network.id;
    for (const [method, path, allowed] of [
      ['PATCH', '/v2.0/networks', 'GET, HEAD, POST'],
      ['POST', `/v2.0/networks/${network}`, 'GET, HEAD, PUT, DELETE'],
      ['GET', `/v2.0/routers/${network}/add_router_interface`, 'PUT'],
    ]) {
      const answer = await api(method, path, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(answer.headers.get('allow'), `${method} ${path}`).toBe(allowed);
      expect(answer.body.NeutronError.type).toBe('HTTPMethodNotAllowed');
    }
    expect((await api('GET', `/v2.0/networks/${network}`)).body.network.name).toBe('n');
  });
});
