import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerWith, startNodeWithTokens, type InProcessNode } from '../../test-kit/in-process-node.js';

/**
 * Taking `shared` or `router:external` back from a network other projects use, answered as the
 * reference Neutron (Zed) answers: the control plane's own ports (floating IP, router gateway,
 * DHCP: device_owner network:*) strand no project, a router's gateway keeps the network external.
 */
let node: InProcessNode;
const TOKENS = {
  'token-bob': { project_id: 'bob', user_id: 'bob-user', roles: ['member'] },
  'token-ops': { project_id: 'ops', user_id: 'root', roles: ['admin'] },
};
const bob = callerWith(() => node, 'token-bob');
const admin = callerWith(() => node, 'token-ops');

beforeAll(async () => {
  node = await startNodeWithTokens(TOKENS);
});
afterAll(() => node.close());

let cidrs = 0;
const network = async (name: string, flags: { shared?: boolean; 'router:external'?: boolean }) => {
  const id = (await admin('POST', '/v2.0/networks', { network: { name, ...flags } })).body.network.id as string;
  const created = await admin('POST', '/v2.0/subnets', { subnet: { network_id: id, ip_version: 4, cidr: `203.0.${++cidrs}.0/24` } });
  expect(created.status).toBe(201);
  return id;
};
const wildcardOf = async (id: string, action: string) =>
  (await admin('GET', `/v2.0/rbac-policies?object_id=${id}&action=${action}&target_tenant=*`)).body.rbac_policies[0].id as string;
const answer = (reply: { status: number; body?: { NeutronError?: { type: string; message: string } } }) => [reply.status, reply.body?.NeutronError?.type, reply.body?.NeutronError?.message];
const inUse = (id: string, details: string) => `RBAC policy on object ${id} cannot be removed because other objects depend on it.\nDetails: ${details}`;

describe('unsharing a network', () => {
  it('stops being external with only floating IPs on it, also by deleting its external policy', async () => {
    for (const how of ['update', 'policy'] as const) {
      const ext = await network(`fips-${how}`, { 'router:external': true });
      expect((await bob('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: ext } })).status).toBe(201);
      const reply =
        how === 'update'
          ? await admin('PUT', `/v2.0/networks/${ext}`, { network: { 'router:external': false } })
          : await admin('DELETE', `/v2.0/rbac-policies/${await wildcardOf(ext, 'access_as_external')}`);
      expect(answer(reply)).toEqual([how === 'update' ? 200 : 204, undefined, undefined]);
      expect((await admin('GET', `/v2.0/networks/${ext}`)).body.network['router:external']).toBe(false);
    }
  });

  it('stays external while a router’s gateway is on it, whichever way it is asked', async () => {
    const ext = await network('gateway', { 'router:external': true });
    expect((await bob('POST', '/v2.0/routers', { router: { name: 'r', external_gateway_info: { network_id: ext } } })).status).toBe(201);
    expect(answer(await admin('PUT', `/v2.0/networks/${ext}`, { network: { 'router:external': false } }))).toEqual([
      409,
      'ExternalNetworkInUse',
      `External network ${ext} cannot be updated to be made non-external, since it has existing gateway ports.`,
    ]);
    expect(answer(await admin('DELETE', `/v2.0/rbac-policies/${await wildcardOf(ext, 'access_as_external')}`))).toEqual([
      409,
      'RbacPolicyInUse',
      inUse(ext, 'There are routers attached to this network that depend on this policy for access.'),
    ]);
    expect((await admin('GET', `/v2.0/networks/${ext}`)).body.network['router:external']).toBe(true);
  });

  it('stops being shared with only the control plane’s ports of other projects on it, not with another project’s own port', async () => {
    const net = await network('dhcp-only', { shared: true });
    const dhcp = await admin('POST', '/v2.0/ports', { port: { network_id: net, project_id: 'bob', device_owner: 'network:dhcp' } });
    expect(dhcp.status).toBe(201);
    expect(answer(await admin('PUT', `/v2.0/networks/${net}`, { network: { shared: false } }))).toEqual([200, undefined, undefined]);

    const used = await network('used', { shared: true });
    expect((await bob('POST', '/v2.0/ports', { port: { network_id: used } })).status).toBe(201);
    expect(answer(await admin('PUT', `/v2.0/networks/${used}`, { network: { shared: false } }))).toEqual([
      409,
      'InvalidSharedSetting',
      'Unable to reconfigure sharing settings for network used. Multiple tenants are using it.',
    ]);
  });
});
