// --auth keystone against the real Keystone that ops/keystone/server.sh starts (NETLEDGER_KEYSTONE_URL),
// and the real openstack CLI logging in with a password and finding netledger in the catalog.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeystoneTokens } from '../../infra/keystone/keystone-tokens.js';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';
import { keystonePasswords, keystoneTestsRun, keystoneUrl, passwordToken, serviceUser } from '../../test-kit/keystone.js';

let node: InProcessNode;
let keystone: string;
const region = `netledger-test-${randomUUID().slice(0, 8)}`;
let adminToken = '';
let endpointId = '';

const admin = (method: string, path: string, body?: unknown) => call(keystone, method, path, body, { 'x-auth-token': adminToken });

const openstack = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(
      'openstack',
      [
        '--os-auth-url', `${keystone}/v3`, '--os-username', 'demo', '--os-password', keystonePasswords.users,
        '--os-project-name', 'demo', '--os-user-domain-id', 'default', '--os-project-domain-id', 'default',
        '--os-region-name', region, '--os-interface', 'public', '--os-identity-api-version', '3', ...args,
      ],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

describe.skipIf(!keystoneTestsRun)('--auth keystone with a real Keystone', () => {
  beforeAll(async () => {
    keystone = keystoneUrl();
    node = await startNode({}, { mode: 'keystone', keystone: new KeystoneTokens(serviceUser()) });
    adminToken = (await passwordToken('admin', 'admin')).token;
    // A region of this test's own whose network endpoint is this node: the CLI finds it through the catalog.
    await admin('POST', '/v3/regions', { region: { id: region } });
    const network = (await admin('GET', '/v3/services?type=network')).body.services[0];
    endpointId = (await admin('POST', '/v3/endpoints', { endpoint: { service_id: network.id, interface: 'public', region_id: region, url: node.url } })).body.endpoint.id;
  });
  afterAll(async () => {
    if (endpointId) await admin('DELETE', `/v3/endpoints/${endpointId}`);
    if (adminToken) await admin('DELETE', `/v3/regions/${region}`);
    await node?.close();
  });

  it('answers 401 as keystonemiddleware does, pointing to Keystone, for a missing or unknown token', async () => {
    for (const headers of [{}, { 'x-auth-token': 'not-a-token' }] as Record<string, string>[]) {
      const answer = await call(node.url, 'GET', '/v2.0/networks', undefined, headers);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe(`Keystone uri="${keystone}"`);
      expect(answer.body).toEqual({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } });
    }
    expect((await call(node.url, 'GET', '/')).status).toBe(200);
  });

  it("maps a project token onto its project and roles: a member's network is the project's, hidden from others, seen by admin", async () => {
    const demo = await passwordToken('demo', 'demo');
    const projectId = demo.body.token.project.id;
    const created = await call(node.url, 'POST', '/v2.0/networks', { network: { name: 'through-keystone' } }, { 'x-auth-token': demo.token });
    expect(created.status).toBe(201);
    expect(created.body.network.project_id).toBe(projectId);
    const service = await passwordToken('netledger', 'service');
    const others = await call(node.url, 'GET', '/v2.0/networks', undefined, { 'x-auth-token': service.token });
    // netledger's service user is admin in its project, as Neutron's is: it sees every project's networks.
    expect(others.body.networks.map((n: { id: string }) => n.id)).toContain(created.body.network.id);
    const reader = await passwordToken('demo-reader', 'demo');
    const seen = await call(node.url, 'GET', `/v2.0/networks/${created.body.network.id}`, undefined, { 'x-auth-token': reader.token });
    expect(seen.status).toBe(200);
  });

  it('lets the openstack CLI log in with a password, find netledger in the catalog, and create a network, subnet and port', { timeout: 180_000 }, async () => {
    const ok = async (...args: string[]) => {
      const run = await openstack(...args, '-f', 'json');
      expect(run.stderr, args.join(' ')).toBe('');
      expect(run.code, args.join(' ')).toBe(0);
      return JSON.parse(run.stdout);
    };
    const network = await ok('network', 'create', 'cli-through-keystone');
    const subnet = await ok('subnet', 'create', 'cli-sub', '--network', network.id, '--subnet-range', '10.77.0.0/24');
    const port = await ok('port', 'create', 'cli-port', '--network', network.id);
    expect(port.fixed_ips[0]).toMatchObject({ subnet_id: subnet.id });
    const projectId = (await passwordToken('demo', 'demo')).body.token.project.id;
    expect([network.project_id, subnet.project_id, port.project_id]).toEqual([projectId, projectId, projectId]);
  });
});
