import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

let node: InProcessNode;
let port: number;

beforeAll(async () => {
  node = await startNode();
  port = Number(new URL(node.url).port);
});
afterAll(() => node.close());

interface Raw {
  status: number;
  body: any;
}

/** Exactly the headers and bytes given, nothing added (fetch would add its own Accept and User-Agent). */
const send = (method: string, path: string, headers: Record<string, string>, body?: string): Promise<Raw> =>
  new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body: text === '' ? undefined : JSON.parse(text) }));
    });
    request.on('error', reject);
    request.end(body);
  });

/** What each client sends (from their sources: keystoneauth's session, neutronclient's HTTPClient, gophercloud's ServiceClient, curl's defaults). */
const CLIENTS: Record<string, { read: Record<string, string>; write: Record<string, string>; remove: Record<string, string>; suffix: string }> = {
  'openstacksdk / keystoneauth': {
    read: { accept: 'application/json', 'user-agent': 'openstacksdk/4.22.0 keystoneauth1/5.18.1 python-requests/2.34.2 CPython/3.11.2', 'x-auth-token': 'notused' },
    write: { accept: 'application/json', 'content-type': 'application/json', 'x-auth-token': 'notused' },
    remove: { accept: 'application/json', 'content-type': 'application/json', 'x-auth-token': 'notused' },
    suffix: '',
  },
  'python-neutronclient': {
    read: { accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'python-neutronclient', 'x-auth-token': 'notused' },
    write: { accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'python-neutronclient', 'x-auth-token': 'notused' },
    remove: { accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'python-neutronclient', 'x-auth-token': 'notused' },
    suffix: '.json',
  },
  gophercloud: {
    read: { accept: 'application/json', 'user-agent': 'gophercloud/v2.8.0', 'x-auth-token': 'notused' },
    write: { accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'gophercloud/v2.8.0', 'x-auth-token': 'notused' },
    remove: { accept: 'application/json', 'user-agent': 'gophercloud/v2.8.0', 'x-auth-token': 'notused' },
    suffix: '',
  },
  'curl -d': {
    read: { accept: '*/*', 'user-agent': 'curl/7.88.1' },
    write: { accept: '*/*', 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'curl/7.88.1' },
    remove: { accept: '*/*', 'user-agent': 'curl/7.88.1' },
    suffix: '',
  },
};

describe('what the common clients send', () => {
  for (const [client, { read, write, remove, suffix }] of Object.entries(CLIENTS))
    it(`${client}: discovers the API, creates, lists, shows, updates and deletes a network`, async () => {
      expect((await send('GET', '/', read)).body.versions[0].id).toBe('v2.0');
      expect((await send('GET', '/v2.0/', read)).body.resources.map((r: { collection: string }) => r.collection)).toContain('networks');
      expect((await send('GET', `/v2.0/extensions${suffix}`, read)).status).toBe(200);
      const created = await send('POST', `/v2.0/networks${suffix}`, write, JSON.stringify({ network: { name: client } }));
      expect(created.status).toBe(201);
      const id = created.body.network.id;
      const listed = await send('GET', `/v2.0/networks${suffix}?name=${encodeURIComponent(client)}`, read);
      expect(listed.body.networks.map((n: { id: string }) => n.id)).toEqual([id]);
      expect((await send('GET', `/v2.0/networks/${id}${suffix}`, read)).body.network.name).toBe(client);
      expect((await send('PUT', `/v2.0/networks/${id}${suffix}`, write, JSON.stringify({ network: { name: `${client}!` } }))).body.network.name).toBe(`${client}!`);
      expect((await send('DELETE', `/v2.0/networks/${id}${suffix}`, remove)).status).toBe(204);
      expect((await send('GET', `/v2.0/networks/${id}${suffix}`, read)).body.NeutronError.type).toBe('NetworkNotFound');
    });

  it('takes an empty body with Content-Type: application/json on DELETE and GET as no body', async () => {
    const json = { 'content-type': 'application/json' };
    const id = (await send('POST', '/v2.0/networks', json, JSON.stringify({ network: { name: 'empty-bodies' } }))).body.network.id;
    expect((await send('GET', `/v2.0/networks/${id}`, json, '')).status).toBe(200);
    expect((await send('GET', '/v2.0/networks', json, '')).status).toBe(200);
    expect((await send('DELETE', `/v2.0/networks/${id}`, json, '')).status).toBe(204);
  });

  it('refuses a DELETE with a body, and a POST or PUT without one, as Neutron does', async () => {
    const json = { 'content-type': 'application/json' };
    const id = (await send('POST', '/v2.0/networks', json, JSON.stringify({ network: { name: 'bodies' } }))).body.network.id;
    const withBody = await send('DELETE', `/v2.0/networks/${id}`, json, '{}');
    expect([withBody.status, withBody.body.NeutronError.type, withBody.body.NeutronError.message]).toEqual([400, 'HTTPBadRequest', 'Request body is not supported in DELETE.']);
    for (const [method, path] of [['POST', '/v2.0/networks'], ['PUT', `/v2.0/networks/${id}`]]) {
      const empty = await send(method, path, json, '');
      expect([empty.status, empty.body.NeutronError.type, empty.body.NeutronError.message]).toEqual([400, 'HTTPBadRequest', "Unable to find 'network' in request body"]);
    }
  });

  it('reads a JSON body whatever its content type says, or with none', async () => {
    for (const headers of [{ 'content-type': 'text/plain' }, { 'content-type': 'application/xml' }, {}] as Record<string, string>[]) {
      const created = await send('POST', '/v2.0/networks', headers, JSON.stringify({ network: { name: 'typed' } }));
      expect(created.status, JSON.stringify(headers)).toBe(201);
    }
    const notJson = await send('POST', '/v2.0/networks', { 'content-type': 'application/xml' }, '<network/>');
    expect([notJson.status, notJson.body.NeutronError.type]).toEqual([400, 'HTTPBadRequest']);
  });

  it('answers GET /v2.0/ with the resources and GET /v2.0 with 404; a trailing slash names the same collection or item', async () => {
    expect((await send('GET', '/v2.0/', {})).body.resources.length).toBeGreaterThan(0);
    const bare = await send('GET', '/v2.0', {});
    expect([bare.status, bare.body.NeutronError.type]).toEqual([404, 'HTTPNotFound']);
    const id = (await send('POST', '/v2.0/networks/', {}, JSON.stringify({ network: { name: 'slash' } }))).body.network.id;
    expect((await send('GET', '/v2.0/networks/', {})).body.networks.some((n: { id: string }) => n.id === id)).toBe(true);
    expect((await send('GET', `/v2.0/networks/${id}/`, {})).body.network.id).toBe(id);
    expect((await send('DELETE', `/v2.0/networks/${id}/`, {})).status).toBe(204);
  });

  it('answers 406 to an Accept that JSON does not satisfy', async () => {
    for (const accept of ['application/xml', 'text/html']) {
      const answer = await send('GET', '/v2.0/networks', { accept });
      expect([answer.status, answer.body.NeutronError.type]).toEqual([406, 'HTTPNotAcceptable']);
    }
    expect((await send('GET', '/v2.0/networks', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' })).status).toBe(200);
  });

  it('answers a PUT or DELETE on a collection as Neutron does: the member named None is not found', async () => {
    for (const method of ['PUT', 'DELETE']) {
      const answer = await send(method, '/v2.0/ports', {});
      expect([answer.status, answer.body.NeutronError.type, answer.body.NeutronError.message]).toEqual([404, 'PortNotFound', 'Port None could not be found.']);
    }
  });

  it("answers an unknown marker with the resource's NotFound, also without a limit (the page is then pagination_max_limit's, as in Neutron with one set)", async () => {
    const missing = '00000000-0000-0000-0000-00000000abcd';
    const paged = await send('GET', `/v2.0/networks?limit=1&marker=${missing}`, {});
    expect([paged.status, paged.body.NeutronError.type, paged.body.NeutronError.message]).toEqual([404, 'NetworkNotFound', `Network ${missing} could not be found.`]);
    expect((await send('GET', `/v2.0/networks?marker=${missing}`, {})).status).toBe(404);
  });

  it('shows no inherited property for fields=__proto__', async () => {
    const id = (await send('POST', '/v2.0/networks', {}, JSON.stringify({ network: { name: 'proto' } }))).body.network.id;
    expect((await send('GET', `/v2.0/networks/${id}?fields=__proto__`, {})).body).toEqual({ network: {} });
    expect((await send('GET', `/v2.0/networks?fields=__proto__&id=${id}`, {})).body).toEqual({ networks: [{}] });
  });

  it('answers a 20 KB query string with 414 and a NeutronError body', async () => {
    const answer = await send('GET', `/v2.0/networks?name=${'x'.repeat(20_000)}`, {});
    expect([answer.status, answer.body.NeutronError.type]).toEqual([414, 'HTTPRequestURITooLong']);
  });

  it('answers schema failures with the types Neutron uses: InvalidInput where it converts, HTTPBadRequest otherwise', async () => {
    const cases: [object, string][] = [
      [{ network: { admin_state_up: 'maybe' } }, 'InvalidInput'],
      [{ network: { mtu: 'big' } }, 'InvalidInput'],
      [{ network: { name: 5 } }, 'HTTPBadRequest'],
      [{ network: { bogus: 5 } }, 'HTTPBadRequest'],
    ];
    for (const [body, type] of cases) {
      const answer = await send('POST', '/v2.0/networks', {}, JSON.stringify(body));
      expect([answer.status, answer.body.NeutronError.type], JSON.stringify(body)).toEqual([400, type]);
    }
  });
});
