import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerWith, startNodeWithTokens, type InProcessNode } from '../../test-kit/in-process-node.js';

/** RBAC policies between projects in tokens mode: who sees a network, who may put a port on it, and what may not be taken back. */
let node: InProcessNode;
const TOKENS = {
  'token-alice': { project_id: 'alice', user_id: 'alice-user', roles: ['member'] },
  'token-bob': { project_id: 'bob', user_id: 'bob-user', roles: ['member'] },
  'token-carol': { project_id: 'carol', user_id: 'carol-user', roles: ['member'] },
  'token-ops': { project_id: 'ops', user_id: 'root', roles: ['admin'] },
};
const as = (token: string) => callerWith(() => node, token);
const alice = as('token-alice');
const bob = as('token-bob');
const carol = as('token-carol');
const admin = as('token-ops');

beforeAll(async () => {
  node = await startNodeWithTokens(TOKENS);
});
afterAll(() => node.close());

const aliceNetwork = async (name: string) => {
  const network = (await alice('POST', '/v2.0/networks', { network: { name } })).body.network;
  await alice('POST', '/v2.0/subnets', { subnet: { network_id: network.id, ip_version: 4, cidr: '10.0.0.0/24' } });
  return network.id as string;
};

describe('rbac policies', () => {
  it('shares a network with one project only, who may then see it and put ports on it, until the grant goes', async () => {
    const network = await aliceNetwork('granted');
    expect((await bob('GET', `/v2.0/networks/${network}`)).status).toBe(404);
    const policy = await alice('POST', '/v2.0/rbac-policies', {
      rbac_policy: { object_type: 'network', object_id: network, action: 'access_as_shared', target_tenant: 'bob' },
    });
    expect(policy.status).toBe(201);
    expect(policy.body.rbac_policy).toMatchObject({ project_id: 'alice', target_tenant: 'bob', object_type: 'network', action: 'access_as_shared' });
    expect((await bob('GET', `/v2.0/networks/${network}`)).status).toBe(200);
    expect((await carol('GET', `/v2.0/networks/${network}`)).status).toBe(404);
    // The policy itself is its maker's to read (get_rbac_policy), not the project it names, as in Neutron.
    expect((await bob('GET', `/v2.0/rbac-policies/${policy.body.rbac_policy.id}`)).status).toBe(404);
    const port = await bob('POST', '/v2.0/ports', { port: { network_id: network } });
    expect(port.status).toBe(201);
    expect((await carol('POST', '/v2.0/ports', { port: { network_id: network } })).status).toBe(404);

    const taken = await alice('DELETE', `/v2.0/rbac-policies/${policy.body.rbac_policy.id}`);
    expect([taken.status, taken.body.NeutronError.type]).toEqual([409, 'RbacPolicyInUse']);
    const moved = await alice('PUT', `/v2.0/rbac-policies/${policy.body.rbac_policy.id}`, { rbac_policy: { target_tenant: 'carol' } });
    expect([moved.status, moved.body.NeutronError.type]).toEqual([409, 'RbacPolicyInUse']);
    expect((await bob('DELETE', `/v2.0/ports/${port.body.port.id}`)).status).toBe(204);
    expect((await alice('DELETE', `/v2.0/rbac-policies/${policy.body.rbac_policy.id}`)).status).toBe(204);
    expect((await bob('GET', `/v2.0/networks/${network}`)).status).toBe(404);
  });

  it('lets a project a network is granted to attach its router to the network’s subnet, and no other project', async () => {
    const network = await aliceNetwork('routed');
    const subnet = (await alice('GET', `/v2.0/subnets?network_id=${network}`)).body.subnets[0].id;
    await alice('POST', '/v2.0/rbac-policies', { rbac_policy: { object_type: 'network', object_id: network, action: 'access_as_shared', target_tenant: 'bob' } });
    const bobRouter = (await bob('POST', '/v2.0/routers', { router: { name: 'bob-r' } })).body.router.id;
    const carolRouter = (await carol('POST', '/v2.0/routers', { router: { name: 'carol-r' } })).body.router.id;
    expect((await carol('PUT', `/v2.0/routers/${carolRouter}/add_router_interface`, { subnet_id: subnet })).status).toBe(404);
    expect((await bob('PUT', `/v2.0/routers/${bobRouter}/add_router_interface`, { subnet_id: subnet })).status).toBe(200);
  });

  it('makes a network external for the one project an access_as_external policy names: its gateway and floating IPs', async () => {
    const network = (await admin('POST', '/v2.0/networks', { network: { name: 'provider-for-bob' } })).body.network.id as string;
    await admin('POST', '/v2.0/subnets', { subnet: { network_id: network, ip_version: 4, cidr: '203.0.113.0/24' } });
    const gatewayFor = (caller: typeof bob) => caller('POST', '/v2.0/routers', { router: { name: 'edge', external_gateway_info: { network_id: network } } });
    expect((await gatewayFor(bob)).status).not.toBe(201);
    expect((await admin('POST', '/v2.0/rbac-policies', {
      rbac_policy: { object_type: 'network', object_id: network, action: 'access_as_external', target_tenant: 'bob' },
    })).status).toBe(201);
    const router = await gatewayFor(bob);
    expect(router.status, JSON.stringify(router.body)).toBe(201);
    expect(router.body.router.external_gateway_info.network_id).toBe(network);
    expect((await bob('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: network } })).status).toBe(201);
    expect((await gatewayFor(carol)).status).not.toBe(201);
    expect((await carol('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: network } })).status).not.toBe(201);
  });

  it('makes shared=true the wildcard policy, listed as any other, and refuses to unshare under another project’s port', async () => {
    const network = await aliceNetwork('shared');
    // Sharing with every project is the admin's (Neutron's update_network:shared); a member may not, nor unshare.
    expect((await alice('PUT', `/v2.0/networks/${network}`, { network: { shared: true } })).status).toBe(403);
    expect((await admin('PUT', `/v2.0/networks/${network}`, { network: { shared: true } })).body.network.shared).toBe(true);
    const policies = (await alice('GET', `/v2.0/rbac-policies?object_id=${network}`)).body.rbac_policies;
    expect(policies).toEqual([expect.objectContaining({ target_tenant: '*', action: 'access_as_shared', project_id: 'alice' })]);
    const port = await carol('POST', '/v2.0/ports', { port: { network_id: network } });
    expect(port.status).toBe(201);
    expect((await alice('PUT', `/v2.0/networks/${network}`, { network: { shared: false } })).status).toBe(403);
    const unshare = await admin('PUT', `/v2.0/networks/${network}`, { network: { shared: false } });
    expect([unshare.status, unshare.body.NeutronError.type]).toEqual([409, 'InvalidSharedSetting']);
    await carol('DELETE', `/v2.0/ports/${port.body.port.id}`);
    expect((await alice('DELETE', `/v2.0/rbac-policies/${policies[0].id}`)).status).toBe(204);
    expect((await alice('GET', `/v2.0/networks/${network}`)).body.network.shared).toBe(false);
  });

  it('refuses what Neutron refuses: a second identical grant, another kind of object, an unknown action, another project’s network', async () => {
    const network = await aliceNetwork('refusals');
    const grant = { object_type: 'network', object_id: network, action: 'access_as_shared', target_tenant: 'bob' };
    await alice('POST', '/v2.0/rbac-policies', { rbac_policy: grant });
    const twice = await alice('POST', '/v2.0/rbac-policies', { rbac_policy: grant });
    expect([twice.status, twice.body.NeutronError.type]).toEqual([409, 'DuplicateRbacPolicy']);
    const port = await alice('POST', '/v2.0/rbac-policies', { rbac_policy: { ...grant, object_type: 'port' } });
    expect([port.status, port.body.NeutronError.message]).toEqual([400, "Invalid input for operation: 'port' is not a valid RBAC object type."]);
    const action = await alice('POST', '/v2.0/rbac-policies', { rbac_policy: { ...grant, action: 'access_as_foo' } });
    expect([action.status, action.body.NeutronError.type]).toEqual([400, 'InvalidActionForType']);
    const foreign = await carol('POST', '/v2.0/rbac-policies', { rbac_policy: { ...grant, target_tenant: 'carol' } });
    expect([foreign.status, foreign.body.NeutronError.type]).toEqual([400, 'InvalidInput']);
  });
});
