import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerWith, startNodeWithTokens, type InProcessNode } from '../../test-kit/in-process-node.js';

let node: InProcessNode;
const TOKENS = {
  'token-alice': { project_id: 'alice', user_id: 'alice-user', roles: ['member'] },
  'token-root': { project_id: 'ops', user_id: 'root', roles: ['admin'] },
};
const as = (token: string) => callerWith(() => node, token);
const alice = as('token-alice');
const root = as('token-root');

beforeAll(async () => {
  node = await startNodeWithTokens(TOKENS);
});
afterAll(() => node.close());

describe('quotas', () => {
  it('shows defaults, details with what a project uses, and its own limits once set', async () => {
    expect((await alice('GET', '/v2.0/quotas/alice/default')).body.quota).toEqual({
      network: 1_000_000, subnet: 1_000_000, subnetpool: -1, port: 10_000_000, router: 1_000_000, floatingip: 1_000_000,
      rbac_policy: 10, security_group: 1_000_000, security_group_rule: 10_000_000,
    });
    await alice('POST', '/v2.0/networks', { network: { name: 'one' } });
    const details = (await alice('GET', '/v2.0/quotas/alice/details')).body.quota;
    expect(details.network).toEqual({ limit: 1_000_000, used: 1, reserved: 0 });
    expect(Object.keys(details)).toEqual(['network', 'subnet', 'subnetpool', 'port', 'router', 'floatingip', 'rbac_policy', 'security_group', 'security_group_rule']);
    expect((await alice('GET', '/v2.0/quotas/tenant')).body).toEqual({ tenant: { tenant_id: 'alice' } });
  });

  it('lets only an admin set limits, enforces them in the decision with Neutron’s OverQuota, and resets them on delete', async () => {
    expect((await alice('PUT', '/v2.0/quotas/alice', { quota: { network: 9 } })).status).toBe(403);
    expect((await alice('GET', '/v2.0/quotas/ops')).status).toBe(403);
    const set = await root('PUT', '/v2.0/quotas/alice', { quota: { network: '1', port: -1 } });
    expect(set.body.quota).toMatchObject({ network: 1, port: -1, subnet: 1_000_000 });
    const over = await alice('POST', '/v2.0/networks', { network: { name: 'two' } });
    expect([over.status, over.body.NeutronError]).toEqual([409, { type: 'OverQuota', message: "Quota exceeded for resources: ['network'].", detail: '' }]);
    expect((await root('GET', '/v2.0/quotas')).body.quotas).toEqual([expect.objectContaining({ project_id: 'alice', tenant_id: 'alice', network: 1, port: -1 })]);
    const bad = await root('PUT', '/v2.0/quotas/alice', { quota: { network: -2 } });
    expect(bad.body.NeutronError).toMatchObject({ type: 'HTTPBadRequest', message: "Invalid input for network. Reason: '-2' is too small - must be at least '-1'." });
    expect((await root('PUT', '/v2.0/quotas/alice', { quota: { nope: 3 } })).body.NeutronError.message).toBe("Unrecognized attribute(s) 'nope'");
    expect((await root('PUT', '/v2.0/quotas/alice', { quota: { network: 'x' } })).body.NeutronError.type).toBe('InvalidInput');
    expect((await root('DELETE', '/v2.0/quotas/alice')).status).toBe(204);
    expect((await alice('POST', '/v2.0/networks', { network: { name: 'two' } })).status).toBe(201);
    const again = await root('DELETE', '/v2.0/quotas/alice');
    expect([again.status, again.body.NeutronError.type]).toEqual([404, 'TenantQuotaNotFound']);
  });
});
