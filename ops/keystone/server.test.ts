// Check of the development/CI Keystone (ops/keystone/server.sh): its seeded users log in, and the
// service user may validate their tokens, as netledger does with every request under --auth keystone.
import { describe, expect, it } from 'vitest';
import { keystoneTestsRun, keystoneUrl, passwordToken } from '../../test-kit/keystone.js';

describe.skipIf(!keystoneTestsRun)('Keystone server (ops/keystone/server.sh)', () => {
  it('issues project tokens to the seeded users, and the service user validates them', async () => {
    const demo = await passwordToken('demo', 'demo');
    expect(demo.body.token.roles.map((role: { name: string }) => role.name)).toContain('member');
    const service = await passwordToken('netledger', 'service');
    const check = await fetch(`${keystoneUrl()}/v3/auth/tokens`, { headers: { 'x-auth-token': service.token, 'x-subject-token': demo.token } });
    expect(check.status).toBe(200);
    const validated = (await check.json()) as any;
    expect(validated.token.project.name).toBe('demo');
    expect(validated.token.user.name).toBe('demo');
  });

  it('has the network service in its catalog', async () => {
    const admin = await passwordToken('admin', 'admin');
    const catalog = admin.body.token.catalog as { type: string; endpoints: { interface: string; url: string }[] }[];
    expect(catalog.find((service) => service.type === 'network')?.endpoints.map((e) => e.interface).sort()).toEqual(['admin', 'internal', 'public']);
  });
});
