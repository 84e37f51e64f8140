import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerWith, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';
import { parseTokens } from '../tokens-file.js';
import { policyOf } from '../../node/policy-config.js';

/**
 * Address groups, RBAC policies, flavors and service profiles under Neutron's rules
 * (get_address_group, get_rbac_policy, get_flavor, get_service_profile and their writes), for a
 * member, a reader and another project's member, with the answers the reference Neutron (Zed,
 * roles from headers) gives; and the same rules overridden by a policy file.
 */
const TOKENS = {
  'token-a': { project_id: 'a', user_id: 'a-user', roles: ['member'] },
  'token-a-reader': { project_id: 'a', user_id: 'a-auditor', roles: ['reader'] },
  'token-b': { project_id: 'b', user_id: 'b-user', roles: ['member'] },
  'token-admin': { project_id: 'ops', user_id: 'root', roles: ['admin'] },
};

const startWith = async (policyFile?: string): Promise<InProcessNode> => {
  const tokens = parseTokens(JSON.stringify(TOKENS));
  if (E.isLeft(tokens)) throw new Error(tokens.left);
  if (policyFile === undefined) return startNode({}, { mode: 'tokens', tokens: tokens.right });
  const rules = await policyOf(policyFile);
  if (E.isLeft(rules)) throw new Error(rules.left);
  return startNode({}, { mode: 'tokens', tokens: tokens.right }, { app: { policy: rules.right } });
};

const refusal = (answer: { status: number; body: any }) => [answer.status, answer.body?.NeutronError?.type, answer.body?.NeutronError?.message];
const disallowed = (rule: string) => [403, 'PolicyNotAuthorized', `${rule} is disallowed by policy`];
const ids = (answer: { body: any }, collection: string): string[] => answer.body[collection].map((item: { id: string }) => item.id);

/** A's member and reader, B's member and the admin, on the node the test started. */
const callersOf = (node: () => InProcessNode) => ({
  a: callerWith(node, 'token-a'),
  reader: callerWith(node, 'token-a-reader'),
  b: callerWith(node, 'token-b'),
  admin: callerWith(node, 'token-admin'),
});

describe("Neutron's default rules for address groups, RBAC policies, flavors and service profiles", () => {
  let node: InProcessNode;
  const { a, reader, b, admin } = callersOf(() => node);
  beforeAll(async () => {
    node = await startWith();
  });
  afterAll(() => node.close());

  it("shows a project's address groups to its readers and the admin, and to no other project; the default rule lets its reader change them", async () => {
    const group = (await a('POST', '/v2.0/address-groups', { address_group: { name: 'ag', addresses: ['10.0.0.0/24'] } })).body.address_group.id;
    const path = `/v2.0/address-groups/${group}`;
    const missing = [404, 'AddressGroupNotFound', `Address group ${group} could not be found.`];
    expect((await reader('GET', path)).status).toBe(200);
    expect(ids(await reader('GET', '/v2.0/address-groups'), 'address_groups')).toContain(group);
    expect((await admin('GET', path)).status).toBe(200);
    expect(ids(await admin('GET', '/v2.0/address-groups'), 'address_groups')).toContain(group);
    expect(refusal(await b('GET', path))).toEqual(missing);
    expect(ids(await b('GET', '/v2.0/address-groups'), 'address_groups')).not.toContain(group);
    expect(refusal(await b('PUT', path, { address_group: { name: 'x' } }))).toEqual(missing);
    expect(refusal(await b('PUT', `${path}/add_addresses`, { addresses: ['10.9.0.0/24'] }))).toEqual(missing);
    expect(refusal(await b('DELETE', path))).toEqual(missing);
    // Zed has no rule of its own for these writes: oslo.policy's default (admin or owner) lets the reader.
    expect((await reader('PUT', path, { address_group: { name: 'renamed' } })).status).toBe(200);
    expect((await reader('PUT', `${path}/add_addresses`, { addresses: ['10.9.0.0/24'] })).status).toBe(200);
    expect((await reader('PUT', `${path}/remove_addresses`, { addresses: ['10.9.0.0/24'] })).status).toBe(200);
    expect((await reader('POST', '/v2.0/address-groups', { address_group: { name: 'readers' } })).status).toBe(201);
    expect((await reader('DELETE', path)).status).toBe(204);
  });

  it('shows an RBAC policy to the readers of the project that made it and the admin, not to the project it names', async () => {
    const network = (await a('POST', '/v2.0/networks', { network: { name: 'granted' } })).body.network.id;
    const made = await a('POST', '/v2.0/rbac-policies', { rbac_policy: { object_type: 'network', object_id: network, action: 'access_as_shared', target_tenant: 'b' } });
    const policy = made.body.rbac_policy.id;
    const path = `/v2.0/rbac-policies/${policy}`;
    const missing = [404, 'RbacPolicyNotFound', `RBAC policy of type unknown with ID ${policy} not found`];
    expect((await b('GET', `/v2.0/networks/${network}`)).status).toBe(200);
    expect(refusal(await b('GET', path))).toEqual(missing);
    expect(ids(await b('GET', '/v2.0/rbac-policies'), 'rbac_policies')).not.toContain(policy);
    expect(refusal(await b('PUT', path, { rbac_policy: { target_tenant: 'c' } }))).toEqual(missing);
    expect(refusal(await b('DELETE', path))).toEqual(missing);
    expect((await reader('GET', path)).body.rbac_policy).toMatchObject({ id: policy, target_tenant: 'b' });
    expect(ids(await reader('GET', '/v2.0/rbac-policies'), 'rbac_policies')).toContain(policy);
    expect(refusal(await reader('PUT', path, { rbac_policy: { target_tenant: 'c' } }))).toEqual(disallowed('(rule:update_rbac_policy and rule:update_rbac_policy:target_tenant)'));
    expect(refusal(await reader('DELETE', path))).toEqual(disallowed('rule:delete_rbac_policy'));
    expect(refusal(await a('PUT', path, { rbac_policy: { target_tenant: '*' } }))).toEqual(disallowed('(rule:update_rbac_policy and rule:update_rbac_policy:target_tenant)'));
    expect((await admin('GET', path)).status).toBe(200);
    expect(refusal(await admin('GET', '/v2.0/rbac-policies/00000000-0000-0000-0000-000000000000'))).toEqual([
      404,
      'RbacPolicyNotFound',
      'RBAC policy of type unknown with ID 00000000-0000-0000-0000-000000000000 not found',
    ]);
  });

  it("shows flavors to everyone and service profiles to the admin alone, a hidden profile answered with the policy hook's 404", async () => {
    const flavor = (await admin('POST', '/v2.0/flavors', { flavor: { name: 'gold', service_type: 'L3_ROUTER_NAT' } })).body.flavor.id;
    const profile = (await admin('POST', '/v2.0/service_profiles', { service_profile: { metainfo: '{}', description: 'single node' } })).body.service_profile.id;
    const hidden = [404, 'HTTPNotFound', 'The resource could not be found.'];
    for (const caller of [a, reader, b]) {
      expect((await caller('GET', `/v2.0/flavors/${flavor}`)).status).toBe(200);
      expect(ids(await caller('GET', '/v2.0/flavors'), 'flavors')).toContain(flavor);
      expect(refusal(await caller('PUT', `/v2.0/flavors/${flavor}`, { flavor: { name: 'x' } }))).toEqual(disallowed('rule:update_flavor'));
      expect(refusal(await caller('GET', `/v2.0/service_profiles/${profile}`))).toEqual(hidden);
      expect((await caller('GET', '/v2.0/service_profiles')).body.service_profiles).toEqual([]);
      expect(refusal(await caller('PUT', `/v2.0/service_profiles/${profile}`, { service_profile: { description: 'x' } }))).toEqual(hidden);
      expect(refusal(await caller('DELETE', `/v2.0/service_profiles/${profile}`))).toEqual(hidden);
    }
    const unknown = '00000000-0000-0000-0000-000000000000';
    expect(refusal(await a('GET', `/v2.0/service_profiles/${unknown}`))).toEqual([404, 'ServiceProfileNotFound', `Service Profile ${unknown} could not be found.`]);
    expect((await admin('GET', `/v2.0/service_profiles/${profile}`)).body.service_profile).toMatchObject({ id: profile, description: 'single node' });
    expect(ids(await admin('GET', '/v2.0/service_profiles'), 'service_profiles')).toContain(profile);
  });
});

describe('a policy file overriding these rules', () => {
  let dir = '';
  let node: InProcessNode;
  const { a, reader, b, admin } = callersOf(() => node);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'netledger-policy-reads-'));
    const file = join(dir, 'policy.yaml');
    await writeFile(
      file,
      [
        '"create_address_group": "role:member and project_id:%(project_id)s"',
        '"get_address_group": "rule:admin_only"',
        '"get_rbac_policy": "rule:admin_only"',
        '"get_flavor": "rule:admin_only"',
        '"get_service_profile": "role:reader"',
        '',
      ].join('\n'),
    );
    node = await startWith(file);
  });
  afterAll(async () => {
    await node.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is followed by every read and write of the four collections', async () => {
    expect(refusal(await reader('POST', '/v2.0/address-groups', { address_group: { name: 'r' } }))).toEqual(disallowed('rule:create_address_group'));
    const group = (await a('POST', '/v2.0/address-groups', { address_group: { name: 'ag' } })).body.address_group.id;
    // Neutron's query finds the project's own group, and its policy hook refuses it with its own 404.
    expect(refusal(await a('GET', `/v2.0/address-groups/${group}`))).toEqual([404, 'HTTPNotFound', 'The resource could not be found.']);
    expect(refusal(await b('GET', `/v2.0/address-groups/${group}`))).toEqual([404, 'AddressGroupNotFound', `Address group ${group} could not be found.`]);
    expect((await a('GET', '/v2.0/address-groups')).body.address_groups).toEqual([]);
    expect((await admin('GET', `/v2.0/address-groups/${group}`)).status).toBe(200);

    const network = (await a('POST', '/v2.0/networks', { network: { name: 'granted' } })).body.network.id;
    const policy = (await a('POST', '/v2.0/rbac-policies', { rbac_policy: { object_type: 'network', object_id: network, action: 'access_as_shared', target_tenant: 'b' } })).body
      .rbac_policy.id;
    expect(refusal(await a('GET', `/v2.0/rbac-policies/${policy}`))).toEqual([404, 'HTTPNotFound', 'The resource could not be found.']);
    expect(refusal(await b('GET', `/v2.0/rbac-policies/${policy}`))).toEqual([404, 'RbacPolicyNotFound', `RBAC policy of type unknown with ID ${policy} not found`]);
    expect((await admin('GET', `/v2.0/rbac-policies/${policy}`)).status).toBe(200);

    const flavor = (await admin('POST', '/v2.0/flavors', { flavor: { name: 'gold', service_type: 'L3_ROUTER_NAT' } })).body.flavor.id;
    expect(refusal(await a('GET', `/v2.0/flavors/${flavor}`))).toEqual([404, 'HTTPNotFound', 'The resource could not be found.']);
    expect((await a('GET', '/v2.0/flavors')).body.flavors).toEqual([]);
    const profile = (await admin('POST', '/v2.0/service_profiles', { service_profile: { metainfo: '{}' } })).body.service_profile.id;
    expect((await reader('GET', `/v2.0/service_profiles/${profile}`)).status).toBe(200);
  });
});
