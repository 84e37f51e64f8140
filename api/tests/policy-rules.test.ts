import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerWith, startNodeWithTokens, type InProcessNode } from '../../test-kit/in-process-node.js';

/**
 * Neutron's default rules beyond networks, subnets, ports, groups and router gateways: what a
 * member is refused, with the body the reference Neutron (Zed, default policy) answers, and the
 * admin allowed.
 */
let node: InProcessNode;
const a = callerWith(() => node, 'token-a');
const admin = callerWith(() => node, 'token-admin');

const refusal = (answer: { status: number; body: any }) => [answer.status, answer.body?.NeutronError?.type, answer.body?.NeutronError?.message];
const disallowed = (rule: string) => [403, 'PolicyNotAuthorized', `${rule} is disallowed by policy`];

beforeAll(async () => {
  node = await startNodeWithTokens({
    'token-a': { project_id: 'a', user_id: 'a-user', roles: ['member'] },
    'token-admin': { project_id: 'ops', user_id: 'root', roles: ['admin'] },
  });
});
afterAll(() => node.close());

describe("Neutron's default policy for the other collections netledger serves", () => {
  it('keeps a router distributed or ha for the admin, whatever the value, on create and update, and hides both from a member; the admin changes distributed on a router that is down', async () => {
    expect(refusal(await a('POST', '/v2.0/routers', { router: { name: 'dvr', distributed: true } }))).toEqual(disallowed('(rule:create_router and rule:create_router:distributed)'));
    expect(refusal(await a('POST', '/v2.0/routers', { router: { name: 'dvr', distributed: false } }))).toEqual(disallowed('(rule:create_router and rule:create_router:distributed)'));
    expect(refusal(await a('POST', '/v2.0/routers', { router: { name: 'ha', ha: false } }))).toEqual(disallowed('(rule:create_router and rule:create_router:ha)'));
    expect(refusal(await a('POST', '/v2.0/routers', { router: { name: 'both', ha: false, distributed: true } }))).toEqual(
      disallowed('((rule:create_router and rule:create_router:ha) and rule:create_router:distributed)'),
    );
    const made = await admin('POST', '/v2.0/routers', { router: { name: 'dvr', distributed: true, project_id: 'a' } });
    expect(made.status).toBe(201);
    expect(made.body.router).toMatchObject({ distributed: true, ha: false });
    const seen = (await a('GET', `/v2.0/routers/${made.body.router.id}`)).body.router;
    expect(seen.name).toBe('dvr');
    expect(Object.keys(seen)).not.toContain('distributed');
    expect(Object.keys(seen)).not.toContain('ha');

    const path = `/v2.0/routers/${made.body.router.id}`;
    expect(refusal(await a('PUT', path, { router: { distributed: false } }))).toEqual(disallowed('(rule:update_router and rule:update_router:distributed)'));
    expect(refusal(await a('PUT', path, { router: { distributed: true, ha: false } }))).toEqual(
      disallowed('((rule:update_router and rule:update_router:ha) and rule:update_router:distributed)'),
    );
    expect(refusal(await admin('PUT', path, { router: { distributed: false } }))).toEqual([
      400,
      'BadRequest',
      "Bad router request: Cannot change the 'distributed' attribute of active routers. Please set router admin_state_up to False prior to upgrade.",
    ]);
    expect((await admin('PUT', path, { router: { admin_state_up: false } })).status).toBe(200);
    expect((await admin('PUT', path, { router: { distributed: false } })).body.router.distributed).toBe(false);
  });

  it("keeps a port's allowed address pairs for the network's owner (or the admin), on create and update", async () => {
    const network = (await admin('POST', '/v2.0/networks', { network: { name: 'ops-shared', shared: true } })).body.network.id;
    expect((await admin('POST', '/v2.0/subnets', { subnet: { network_id: network, cidr: '10.61.0.0/24', ip_version: 4 } })).status).toBe(201);
    const port = (body: object) => ({ port: { network_id: network, ...body } });
    expect(refusal(await a('POST', '/v2.0/ports', port({ allowed_address_pairs: [{ ip_address: '10.61.0.50' }] })))).toEqual(
      disallowed('(rule:create_port and (rule:create_port:allowed_address_pairs and (rule:create_port:allowed_address_pairs:ip_address)))'),
    );
    expect(refusal(await a('POST', '/v2.0/ports', port({ allowed_address_pairs: [] })))).toEqual(disallowed('(rule:create_port and rule:create_port:allowed_address_pairs)'));
    expect(refusal(await a('POST', '/v2.0/ports', port({ allowed_address_pairs: [{ ip_address: '10.61.0.51', mac_address: 'fa:16:3e:00:00:01' }] })))).toEqual(
      disallowed('(rule:create_port and (rule:create_port:allowed_address_pairs and (rule:create_port:allowed_address_pairs:ip_address and rule:create_port:allowed_address_pairs:mac_address)))'),
    );
    expect(refusal(await a('POST', '/v2.0/ports', port({ mac_address: 'fa:16:3e:00:00:02', allowed_address_pairs: [{ ip_address: '10.61.0.52' }], port_security_enabled: true })))).toEqual(
      disallowed(
        '(((rule:create_port and rule:create_port:mac_address) and (rule:create_port:allowed_address_pairs and (rule:create_port:allowed_address_pairs:ip_address))) and rule:create_port:port_security_enabled)',
      ),
    );
    const mine = await a('POST', '/v2.0/ports', port({}));
    expect(mine.status).toBe(201);
    expect(refusal(await a('PUT', `/v2.0/ports/${mine.body.port.id}`, { port: { allowed_address_pairs: [{ ip_address: '10.61.0.53' }] } }))).toEqual(
      disallowed('(rule:update_port and (rule:update_port:allowed_address_pairs and (rule:update_port:allowed_address_pairs:ip_address)))'),
    );
    const own = (await a('POST', '/v2.0/networks', { network: { name: 'a-own' } })).body.network.id;
    expect((await a('POST', '/v2.0/subnets', { subnet: { network_id: own, cidr: '10.62.0.0/24', ip_version: 4 } })).status).toBe(201);
    expect((await a('POST', '/v2.0/ports', { port: { network_id: own, allowed_address_pairs: [{ ip_address: '10.62.0.50' }] } })).status).toBe(201);
    expect((await admin('PUT', `/v2.0/ports/${mine.body.port.id}`, { port: { allowed_address_pairs: [{ ip_address: '10.61.0.53' }] } })).status).toBe(200);
  });

  it("keeps a floating IP's address for the admin to choose", async () => {
    const external = (await admin('POST', '/v2.0/networks', { network: { name: 'public', 'router:external': true } })).body.network.id;
    expect((await admin('POST', '/v2.0/subnets', { subnet: { network_id: external, cidr: '198.51.100.0/24', ip_version: 4 } })).status).toBe(201);
    expect(refusal(await a('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: external, floating_ip_address: '198.51.100.77' } }))).toEqual(
      disallowed('(rule:create_floatingip and rule:create_floatingip:floating_ip_address)'),
    );
    expect((await a('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: external } })).status).toBe(201);
    const chosen = await admin('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: external, floating_ip_address: '198.51.100.77', project_id: 'a' } });
    expect(chosen.status).toBe(201);
    expect(chosen.body.floatingip.floating_ip_address).toBe('198.51.100.77');
  });

  it("keeps sharing subnet pools and address scopes, and a pool's default, for the admin; another's shared pool is not the member's to change", async () => {
    expect(refusal(await a('POST', '/v2.0/subnetpools', { subnetpool: { name: 'p', prefixes: ['10.200.0.0/16'], shared: true } }))).toEqual(
      disallowed('(rule:create_subnetpool and rule:create_subnetpool:shared)'),
    );
    expect(refusal(await a('POST', '/v2.0/subnetpools', { subnetpool: { name: 'p', prefixes: ['10.200.0.0/16'], shared: true, is_default: true } }))).toEqual(
      disallowed('((rule:create_subnetpool and rule:create_subnetpool:is_default) and rule:create_subnetpool:shared)'),
    );
    const own = await a('POST', '/v2.0/subnetpools', { subnetpool: { name: 'own', prefixes: ['10.201.0.0/16'], shared: false, is_default: false } });
    expect(own.status).toBe(201);
    expect(refusal(await a('PUT', `/v2.0/subnetpools/${own.body.subnetpool.id}`, { subnetpool: { is_default: false } }))).toEqual(
      disallowed('(rule:update_subnetpool and rule:update_subnetpool:is_default)'),
    );
    const operators = await admin('POST', '/v2.0/subnetpools', { subnetpool: { name: 'shared', prefixes: ['10.202.0.0/16'], shared: true } });
    expect(operators.status).toBe(201);
    expect(refusal(await a('PUT', `/v2.0/subnetpools/${operators.body.subnetpool.id}`, { subnetpool: { name: 'mine' } }))).toEqual(disallowed('rule:update_subnetpool'));
    expect(refusal(await a('DELETE', `/v2.0/subnetpools/${operators.body.subnetpool.id}`))).toEqual(disallowed('rule:delete_subnetpool'));

    expect(refusal(await a('POST', '/v2.0/address-scopes', { address_scope: { name: 's', ip_version: 4, shared: true } }))).toEqual(
      disallowed('(rule:create_address_scope and rule:create_address_scope:shared)'),
    );
    const scope = await a('POST', '/v2.0/address-scopes', { address_scope: { name: 's', ip_version: 4 } });
    expect(scope.status).toBe(201);
    expect(refusal(await a('PUT', `/v2.0/address-scopes/${scope.body.address_scope.id}`, { address_scope: { shared: false } }))).toEqual(
      disallowed('(rule:update_address_scope and rule:update_address_scope:shared)'),
    );
    expect((await admin('PUT', `/v2.0/address-scopes/${scope.body.address_scope.id}`, { address_scope: { shared: true } })).body.address_scope.shared).toBe(true);
  });

  it('keeps RBAC policies for every project (target_tenant *) for the admin', async () => {
    const network = (await a('POST', '/v2.0/networks', { network: { name: 'to-share' } })).body.network.id;
    const policy = (target_tenant: string) => ({ rbac_policy: { object_type: 'network', object_id: network, action: 'access_as_shared', target_tenant } });
    expect(refusal(await a('POST', '/v2.0/rbac-policies', policy('*')))).toEqual(
      disallowed(
        '((((rule:create_rbac_policy and rule:create_rbac_policy:object_type) and rule:create_rbac_policy:object_id) and rule:create_rbac_policy:target_tenant) and rule:create_rbac_policy:action)',
      ),
    );
    const one = await a('POST', '/v2.0/rbac-policies', policy('b'));
    expect(one.status).toBe(201);
    expect(refusal(await a('PUT', `/v2.0/rbac-policies/${one.body.rbac_policy.id}`, { rbac_policy: { target_tenant: '*' } }))).toEqual(
      disallowed('(rule:update_rbac_policy and rule:update_rbac_policy:target_tenant)'),
    );
    expect((await admin('POST', '/v2.0/rbac-policies', policy('*'))).status).toBe(201);
  });

  it('keeps flavors, service profiles and their associations for the admin', async () => {
    expect(refusal(await a('POST', '/v2.0/flavors', { flavor: { name: 'gold', service_type: 'L3_ROUTER_NAT' } }))).toEqual(disallowed('rule:create_flavor'));
    expect(refusal(await a('POST', '/v2.0/service_profiles', { service_profile: { driver: 'x' } }))).toEqual(disallowed('rule:create_service_profile'));
    const flavor = (await admin('POST', '/v2.0/flavors', { flavor: { name: 'gold', service_type: 'L3_ROUTER_NAT' } })).body.flavor.id;
    const profile = (await admin('POST', '/v2.0/service_profiles', { service_profile: { metainfo: '{}' } })).body.service_profile.id;
    expect((await a('GET', `/v2.0/flavors/${flavor}`)).status).toBe(200);
    expect(refusal(await a('PUT', `/v2.0/flavors/${flavor}`, { flavor: { name: 'x' } }))).toEqual(disallowed('rule:update_flavor'));
    expect(refusal(await a('DELETE', `/v2.0/flavors/${flavor}`))).toEqual(disallowed('rule:delete_flavor'));
    expect(refusal(await a('POST', `/v2.0/flavors/${flavor}/service_profiles`, { service_profile: { id: profile } }))).toEqual(disallowed('rule:create_flavor_service_profile'));
    expect((await admin('POST', `/v2.0/flavors/${flavor}/service_profiles`, { service_profile: { id: profile } })).status).toBe(201);
    expect(refusal(await a('DELETE', `/v2.0/flavors/${flavor}/service_profiles/${profile}`))).toEqual(disallowed('rule:delete_flavor_service_profile'));
    expect((await admin('DELETE', `/v2.0/flavors/${flavor}/service_profiles/${profile}`)).status).toBe(204);
    expect((await admin('PUT', `/v2.0/flavors/${flavor}`, { flavor: { name: 'platinum' } })).status).toBe(200);
  });
});
