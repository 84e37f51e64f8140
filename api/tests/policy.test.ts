import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';
import { parseTokens } from '../tokens-file.js';
import { policyOf } from '../../node/policy-config.js';

/** Issue 18's findings with Neutron's default policy, through the HTTP API in tokens mode. */
const TOKENS = {
  'token-a': { project_id: 'a', user_id: 'a-user', roles: ['member'] },
  'token-b': { project_id: 'b', user_id: 'b-user', roles: ['member'] },
  'token-a-reader': { project_id: 'a', user_id: 'a-auditor', roles: ['reader'] },
  'token-admin': { project_id: 'ops', user_id: 'root', roles: ['admin'] },
  'token-agent-1': { project_id: 'ops', user_id: 'agent-compute-1', roles: [], host_id: 'compute-1' },
};

let node: InProcessNode;
const as = (token: string) => (method: string, path: string, body?: unknown) => call(node.url, method, path, body, { 'x-auth-token': token });
const a = as('token-a');
const b = as('token-b');
const reader = as('token-a-reader');
const admin = as('token-admin');
const agent = as('token-agent-1');

const refusal = (answer: { status: number; body: any }) => [answer.status, answer.body?.NeutronError?.type, answer.body?.NeutronError?.message];
const disallowed = (rule: string) => [403, 'PolicyNotAuthorized', `${rule} is disallowed by policy`];

/** A's network, shared by the admin (only an admin may share), with a subnet. */
let shared: { network: string; subnet: string; gateway: string };

beforeAll(async () => {
  const tokens = parseTokens(JSON.stringify(TOKENS));
  if (E.isLeft(tokens)) throw new Error(tokens.left);
  node = await startNode({}, { mode: 'tokens', tokens: tokens.right });
  await admin('POST', '/v1/hosts', { host: { id: 'compute-1', tunnel_ip: '192.0.2.1', mac: '02:00:00:00:00:01' } });
  const network = (await admin('POST', '/v2.0/networks', { network: { name: 'a-shared', shared: true, project_id: 'a' } })).body.network;
  const subnet = (await a('POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.60.0.0/24', ip_version: 4 } })).body.subnet;
  shared = { network: network.id, subnet: subnet.id, gateway: subnet.gateway_ip };
});
afterAll(() => node.close());

describe("Neutron's default policy in tokens mode", () => {
  it('keeps shared, router:external and provider attributes for the admin, on create and on update, and nothing is created', async () => {
    const created = await a('POST', '/v2.0/networks', { network: { name: 'grab', shared: true, 'router:external': true, 'provider:segmentation_id': 42 } });
    expect(refusal(created)).toEqual(
      disallowed('(((rule:create_network and rule:create_network:shared) and rule:create_network:router:external) and rule:create_network:provider:segmentation_id)'),
    );
    expect((await b('GET', '/v2.0/networks?name=grab')).body.networks).toEqual([]);
    expect((await admin('GET', '/v2.0/networks?name=grab')).body.networks).toEqual([]);
    const own = (await a('POST', '/v2.0/networks', { network: { name: 'own', shared: false } })).body.network;
    expect(refusal(await a('PUT', `/v2.0/networks/${own.id}`, { network: { shared: true } }))).toEqual(disallowed('(rule:update_network and rule:update_network:shared)'));
    expect(refusal(await a('PUT', `/v2.0/networks/${own.id}`, { network: { 'router:external': true } }))).toEqual(
      disallowed('(rule:update_network and rule:update_network:router:external)'),
    );
    expect((await a('PUT', `/v2.0/networks/${own.id}`, { network: { name: 'renamed' } })).status).toBe(200);
    expect((await admin('PUT', `/v2.0/networks/${own.id}`, { network: { shared: true } })).body.network.shared).toBe(true);
  });

  it("lets another project port on a shared network, but not choose its address, its MAC or its host; the owner then attaches its router", async () => {
    const port = { network_id: shared.network };
    expect(refusal(await b('POST', '/v2.0/ports', { port: { ...port, fixed_ips: [{ ip_address: shared.gateway }] } }))).toEqual(
      disallowed('(rule:create_port and (rule:create_port:fixed_ips and (rule:create_port:fixed_ips:ip_address)))'),
    );
    expect(refusal(await b('POST', '/v2.0/ports', { port: { ...port, mac_address: 'fa:16:3e:00:00:99' } }))).toEqual(disallowed('(rule:create_port and rule:create_port:mac_address)'));
    expect(refusal(await b('POST', '/v2.0/ports', { port: { ...port, 'binding:host_id': 'compute-1' } }))).toEqual(disallowed('(rule:create_port and rule:create_port:binding:host_id)'));
    expect(refusal(await b('POST', '/v2.0/ports', { port: { ...port, device_owner: 'network:router_interface' } }))).toEqual(
      disallowed('(rule:create_port and rule:create_port:device_owner)'),
    );
    expect((await agent('GET', '/southbound/v1/hosts/compute-1/goal-state')).body.goal_state.port ?? {}).toEqual({});
    const mine = await b('POST', '/v2.0/ports', { port: { ...port, fixed_ips: [{ subnet_id: shared.subnet }], device_owner: 'compute:nova' } });
    expect(mine.status).toBe(201);
    // The network's owner sees the ports on its network, as Neutron's get_port allows.
    expect((await a('GET', `/v2.0/ports/${mine.body.port.id}`)).status).toBe(200);
    const router = (await a('POST', '/v2.0/routers', { router: { name: 'a-router' } })).body.router;
    const attached = await a('PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: shared.subnet });
    expect(attached.status).toBe(200);
    // The owner may choose addresses and MACs on its own network.
    expect((await a('POST', '/v2.0/ports', { port: { ...port, mac_address: 'fa:16:3e:00:00:98', fixed_ips: [{ ip_address: '10.60.0.50' }] } })).status).toBe(201);
  });

  it("refuses to unshare a network while another project has a port on it (409 InvalidSharedSetting), and a member may not unshare at all", async () => {
    const network = (await admin('POST', '/v2.0/networks', { network: { name: 'to-unshare', shared: true, project_id: 'a' } })).body.network;
    await a('POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.61.0.0/24', ip_version: 4 } });
    expect((await b('POST', '/v2.0/ports', { port: { network_id: network.id } })).status).toBe(201);
    expect(refusal(await a('PUT', `/v2.0/networks/${network.id}`, { network: { shared: false } }))).toEqual(disallowed('(rule:update_network and rule:update_network:shared)'));
    expect(refusal(await admin('PUT', `/v2.0/networks/${network.id}`, { network: { shared: false } }))).toEqual([
      409,
      'InvalidSharedSetting',
      'Unable to reconfigure sharing settings for network to-unshare. Multiple tenants are using it.',
    ]);
    expect((await b('GET', `/v2.0/networks/${network.id}`)).status).toBe(200);
  });

  it("answers 403 for a write on another project's resource the caller sees, 404 for one it does not", async () => {
    expect(refusal(await b('PUT', `/v2.0/networks/${shared.network}`, { network: { name: 'taken' } }))).toEqual(disallowed('rule:update_network'));
    expect(refusal(await b('DELETE', `/v2.0/networks/${shared.network}`))).toEqual(disallowed('rule:delete_network'));
    expect(refusal(await b('POST', '/v2.0/subnets', { subnet: { network_id: shared.network, cidr: '10.62.0.0/24', ip_version: 4 } }))).toEqual(disallowed('rule:create_subnet'));
    const hidden = (await a('POST', '/v2.0/networks', { network: { name: 'a-private' } })).body.network;
    const put = await b('PUT', `/v2.0/networks/${hidden.id}`, { network: { name: 'taken' } });
    expect([put.status, put.body.NeutronError.type]).toEqual([404, 'NetworkNotFound']);
    const port = await b('POST', '/v2.0/ports', { port: { network_id: hidden.id } });
    expect([port.status, port.body.NeutronError.type]).toEqual([404, 'NetworkNotFound']);
  });

  it("refuses a create in another project with 400, before the policy and whatever the network, as the reference Neutron does", async () => {
    const hidden = (await a('POST', '/v2.0/networks', { network: { name: 'a-unshared' } })).body.network;
    const elsewhere = [400, 'HTTPBadRequest', "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin or advsvc privileges"];
    const creates: [string, object][] = [
      ['/v2.0/networks', { network: { name: 'x', project_id: 'a' } }],
      ['/v2.0/ports', { port: { network_id: hidden.id, tenant_id: 'a' } }],
      ['/v2.0/routers', { router: { name: 'x', project_id: 'a' } }],
      ['/v2.0/security-groups', { security_group: { name: 'x', project_id: 'a' } }],
      ['/v2.0/address-groups', { address_group: { name: 'x', tenant_id: 'a' } }],
      ['/v2.0/rbac-policies', { rbac_policy: { object_type: 'network', object_id: hidden.id, action: 'access_as_shared', target_tenant: 'b', project_id: 'a' } }],
    ];
    for (const [path, body] of creates) expect(refusal(await b('POST', path, body)), path).toEqual(elsewhere);
    expect((await admin('POST', '/v2.0/routers', { router: { name: 'for-a', project_id: 'a' } })).body.router.project_id).toBe('a');
  });

  it('lets a reader read its project and change nothing', async () => {
    const own = (await a('POST', '/v2.0/networks', { network: { name: 'read-me' } })).body.network;
    expect((await reader('GET', `/v2.0/networks/${own.id}`)).status).toBe(200);
    expect((await reader('GET', '/v2.0/networks')).body.networks.map((n: any) => n.id)).toContain(own.id);
    expect(refusal(await reader('POST', '/v2.0/networks', { network: { name: 'no' } }))).toEqual(disallowed('rule:create_network'));
    expect(refusal(await reader('PUT', `/v2.0/networks/${own.id}`, { network: { name: 'no' } }))).toEqual(disallowed('rule:update_network'));
    expect(refusal(await reader('DELETE', `/v2.0/networks/${own.id}`))).toEqual(disallowed('rule:delete_network'));
    expect(refusal(await reader('PUT', `/v2.0/networks/${own.id}/tags/x`))).toEqual(disallowed('rule:update_network:tags'));
    expect(refusal(await reader('POST', '/v2.0/security-groups', { security_group: { name: 'no' } }))).toEqual(disallowed('rule:create_security_group'));
  });

  it('shows binding and provider attributes to the admin only', async () => {
    const port = (await admin('POST', '/v2.0/ports', { port: { network_id: shared.network, project_id: 'a', 'binding:host_id': 'compute-1' } })).body.port;
    expect(port['binding:host_id']).toBe('compute-1');
    const seen = (await a('GET', `/v2.0/ports/${port.id}`)).body.port;
    expect(seen.id).toBe(port.id);
    for (const attribute of ['binding:host_id', 'binding:vif_type', 'binding:vif_details', 'binding:profile']) expect(seen).not.toHaveProperty(attribute);
    expect((await a('GET', `/v2.0/ports?id=${port.id}`)).body.ports[0]).not.toHaveProperty('binding:host_id');
    const network = (await a('GET', `/v2.0/networks/${shared.network}`)).body.network;
    expect(Object.keys(network).filter((key) => key.startsWith('provider:'))).toEqual([]);
    expect((await admin('GET', `/v2.0/networks/${shared.network}`)).body.network).toHaveProperty('provider:segmentation_id');
  });

  it("keeps a host agent's credential to its host's southbound routes", async () => {
    expect(refusal(await agent('POST', '/v2.0/networks', { network: { name: 'agent-net' } }))[0]).toBe(403);
    expect((await agent('GET', '/v2.0/networks')).status).toBe(403);
    expect((await agent('GET', '/v1/hosts')).status).toBe(403);
    expect((await agent('GET', '/southbound/v1/hosts/compute-1/goal-state')).status).toBe(200);
    expect((await agent('GET', '/southbound/v1/hosts/compute-2/goal-state')).status).toBe(404);
    expect((await admin('GET', '/v2.0/networks?name=agent-net')).body.networks).toEqual([]);
  });
});

describe('a policy file', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'netledger-policy-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('overrides a default by name', async () => {
    const file = join(dir, 'policy.yaml');
    await writeFile(file, '"create_network:shared": "rule:admin_or_owner"\n');
    const rules = await policyOf(file);
    if (E.isLeft(rules)) throw new Error(rules.left);
    const tokens = parseTokens(JSON.stringify(TOKENS));
    if (E.isLeft(tokens)) throw new Error(tokens.left);
    const other = await startNode({}, { mode: 'tokens', tokens: tokens.right }, { app: { policy: rules.right } });
    try {
      const created = await call(other.url, 'POST', '/v2.0/networks', { network: { name: 'mine-shared', shared: true } }, { 'x-auth-token': 'token-a' });
      expect([created.status, created.body.network?.shared]).toEqual([201, true]);
    } finally {
      await other.close();
    }
  });

  it('refuses to start with an unknown rule name, saying which', async () => {
    const file = join(dir, 'typo.yaml');
    await writeFile(file, '"create_netwrok:shared": "@"\n');
    expect(await policyOf(file)).toEqual(E.left(`policy file ${file}: unknown rule name: create_netwrok:shared`));
    expect(await policyOf(join(dir, 'missing.yaml'))).toEqual(E.left(expect.stringContaining(`cannot read policy file ${join(dir, 'missing.yaml')}`)));
  });
});
