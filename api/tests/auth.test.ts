import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { parseTokens } from '../tokens-file.js';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

let node: InProcessNode;
const TOKENS = {
  'token-alice': { project_id: 'alice', user_id: 'alice-user', roles: ['member'] },
  'token-bob': { project_id: 'bob', user_id: 'bob-user', roles: ['member'] },
  'token-root': { project_id: 'ops', user_id: 'root', roles: ['admin'] },
};
const as = (token: string) => (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  call(node.url, method, path, body, { 'x-auth-token': token, ...headers });
const alice = as('token-alice');
const bob = as('token-bob');
const root = as('token-root');

beforeAll(async () => {
  const tokens = parseTokens(JSON.stringify(TOKENS));
  if (E.isLeft(tokens)) throw new Error(tokens.left);
  node = await startNode({}, { mode: 'tokens', tokens: tokens.right });
});
afterAll(() => node.close());

describe('--auth tokens', () => {
  it('answers 401 with a Neutron body for a missing or unknown token, and serves the version document to anyone', async () => {
    for (const headers of [{}, { 'x-auth-token': 'nope' }] as Record<string, string>[]) {
      const answer = await call(node.url, 'GET', '/v2.0/networks', undefined, headers);
      expect(answer.status).toBe(401);
      expect(answer.body.NeutronError.type).toBe('HTTPUnauthorized');
    }
    expect((await call(node.url, 'POST', '/v2.0/networks', { network: {} })).status).toBe(401);
    expect((await call(node.url, 'GET', '/')).status).toBe(200);
  });

  it("lets a project see and change only its own resources: others' are 404 through show, list, update and delete", async () => {
    const network = (await alice('POST', '/v2.0/networks', { network: { name: 'private' } })).body.network;
    expect(network.project_id).toBe('alice');
    expect((await alice('GET', `/v2.0/networks/${network.id}`)).status).toBe(200);
    for (const [method, body] of [['GET', undefined], ['PUT', { network: { name: 'mine' } }], ['DELETE', undefined]] as const) {
      const answer = await bob(method, `/v2.0/networks/${network.id}`, body);
      expect(answer.status, method).toBe(404);
      expect(answer.body.NeutronError.type).toBe('NetworkNotFound');
    }
    expect((await bob('GET', '/v2.0/networks')).body.networks.map((n: any) => n.id)).not.toContain(network.id);
    expect((await bob('GET', `/v2.0/networks?id=${network.id}`)).body.networks).toEqual([]);
    expect((await bob('PUT', `/v2.0/networks/${network.id}/tags/x`)).status).toBe(404);
    const subnet = await bob('POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.0.0.0/24', ip_version: 4 } });
    expect(subnet.status).toBe(404);
    expect((await bob('POST', '/v2.0/ports', { port: { network_id: network.id } })).status).toBe(404);
    expect((await root('GET', `/v2.0/networks/${network.id}`)).status).toBe(200);
    expect((await root('GET', '/v2.0/networks')).body.networks.map((n: any) => n.id)).toContain(network.id);
  });

  it('shows shared networks to every project; only the owner changes them (403 for those who see them)', async () => {
    // Only an admin may share a network (Neutron's create_network:shared).
    const shared = (await root('POST', '/v2.0/networks', { network: { name: 'common', shared: true, project_id: 'alice' } })).body.network;
    await alice('POST', '/v2.0/subnets', { subnet: { network_id: shared.id, cidr: '10.1.0.0/24', ip_version: 4 } });
    expect((await bob('GET', `/v2.0/networks/${shared.id}`)).status).toBe(200);
    expect((await bob('GET', '/v2.0/subnets')).body.subnets.map((s: any) => s.network_id)).toContain(shared.id);
    expect((await bob('PUT', `/v2.0/networks/${shared.id}`, { network: { name: 'taken' } })).status).toBe(403);
    expect((await bob('DELETE', `/v2.0/networks/${shared.id}`)).status).toBe(403);
    const port = await bob('POST', '/v2.0/ports', { port: { network_id: shared.id } });
    expect(port.status).toBe(201);
    expect(port.body.port.project_id).toBe('bob');
    // The network's owner sees the ports on its network (Neutron's get_port); a third project does not.
    expect((await alice('GET', `/v2.0/ports/${port.body.port.id}`)).status).toBe(200);
  });

  it("keeps each project's security groups, rules and routers to itself", async () => {
    const bobGroups = (await bob('GET', '/v2.0/security-groups')).body.security_groups;
    expect(bobGroups.map((g: any) => [g.name, g.project_id])).toEqual([['default', 'bob']]);
    const aliceGroup = (await alice('POST', '/v2.0/security-groups', { security_group: { name: 'a' } })).body.security_group;
    expect((await bob('GET', `/v2.0/security-groups/${aliceGroup.id}`)).status).toBe(404);
    const rule = await bob('POST', '/v2.0/security-group-rules', { security_group_rule: { security_group_id: aliceGroup.id, direction: 'ingress' } });
    expect(rule.status).toBe(404);
    expect(rule.body.NeutronError.type).toBe('SecurityGroupNotFound');
    const remote = await bob('POST', '/v2.0/security-group-rules', {
      security_group_rule: { security_group_id: bobGroups[0].id, direction: 'ingress', remote_group_id: aliceGroup.id },
    });
    expect(remote.status).toBe(404);
    expect((await bob('GET', '/v2.0/security-group-rules')).body.security_group_rules.every((r: any) => r.project_id === 'bob')).toBe(true);

    const shared = (await root('POST', '/v2.0/networks', { network: { name: 'for-ports', shared: true, project_id: 'alice' } })).body.network;
    await alice('POST', '/v2.0/subnets', { subnet: { network_id: shared.id, cidr: '10.2.0.0/24', ip_version: 4 } });
    const foreignGroup = await bob('POST', '/v2.0/ports', { port: { network_id: shared.id, security_groups: [aliceGroup.id] } });
    expect(foreignGroup.status).toBe(404);
    expect(foreignGroup.body.NeutronError.type).toBe('SecurityGroupNotFound');

    const router = (await alice('POST', '/v2.0/routers', { router: { name: 'r' } })).body.router;
    expect((await bob('GET', `/v2.0/routers/${router.id}`)).status).toBe(404);
    expect((await bob('PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: 'x' })).status).toBe(404);
    const bobRouter = (await bob('POST', '/v2.0/routers', { router: { name: 'b' } })).body.router;
    const aliceNetwork = (await alice('POST', '/v2.0/networks', { network: { name: 'p' } })).body.network;
    const aliceSubnet = (await alice('POST', '/v2.0/subnets', { subnet: { network_id: aliceNetwork.id, cidr: '10.3.0.0/24', ip_version: 4 } })).body.subnet;
    const foreignSubnet = await bob('PUT', `/v2.0/routers/${bobRouter.id}/add_router_interface`, { subnet_id: aliceSubnet.id });
    expect(foreignSubnet.status).toBe(404);
    expect(foreignSubnet.body.NeutronError.type).toBe('SubnetNotFound');
  });

  it('lets only an admin create in another project, and see hosts', async () => {
    const foreign = await bob('POST', '/v2.0/networks', { network: { project_id: 'alice' } });
    // As Neutron answers a member naming another project: 400, not 403 (policy.test.ts has the message).
    expect(foreign.status).toBe(400);
    expect(foreign.body.NeutronError.type).toBe('HTTPBadRequest');
    expect((await root('POST', '/v2.0/networks', { network: { project_id: 'alice', name: 'given' } })).body.network.project_id).toBe('alice');
    expect((await bob('POST', '/v1/hosts', { host: { id: 'h1', tunnel_ip: '192.0.2.1', mac: '52:54:00:00:00:01' } })).status).toBe(403);
    expect((await root('POST', '/v1/hosts', { host: { id: 'h1', tunnel_ip: '192.0.2.1', mac: '52:54:00:00:00:01' } })).status).toBe(201);
    expect((await bob('GET', '/v1/hosts')).body.hosts).toEqual([]);
    expect((await bob('GET', '/v1/hosts/h1')).status).toBe(404);
  });
});

describe('the tokens file', () => {
  it('maps tokens to callers, with admin from the roles', () => {
    const tokens = parseTokens(JSON.stringify(TOKENS));
    expect(E.isRight(tokens) && tokens.right.get('token-root')).toEqual({ projectId: 'ops', userId: 'root', isAdmin: true, roles: ['admin'] });
    expect(E.isRight(tokens) && tokens.right.get('token-bob')?.isAdmin).toBe(false);
  });

  it('refuses what is not a token map', () => {
    for (const text of ['{', '[]', '{"t": {"project_id": "p", "user_id": "u", "roles": ["superuser"]}}', '{"": {"project_id": "p", "user_id": "u", "roles": []}}'])
      expect(E.isLeft(parseTokens(text)), text).toBe(true);
    const wrong = parseTokens('{"t-ok": {"project_id": "p", "user_id": "u", "roles": []}, "t-bad": {"project_id": "p", "roles": ["admin"]}}');
    expect(E.isLeft(wrong) && wrong.left).toMatch(/token "t-bad": .*user_id/);
  });
});
