import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

let node: InProcessNode;
const api = (method: string, path: string, body?: unknown) => call(node.url, method, path, body);
beforeAll(async () => {
  node = await startNode();
});
afterAll(() => node.close());

describe('address groups over HTTP', () => {
  it('keeps canonical blocks, adds and removes them, and is named by rules as their remote end', async () => {
    const group = (await api('POST', '/v2.0/address-groups', { address_group: { name: 'ag', addresses: ['10.0.1.7/24', '2001:db8::1/64', '10.0.0.1/32'] } })).body.address_group;
    expect(group).toMatchObject({ name: 'ag', addresses: ['10.0.0.1/32', '10.0.1.0/24', '2001:db8::/64'], description: '' });
    const added = await api('PUT', `/v2.0/address-groups/${group.id}/add_addresses`, { addresses: ['10.1.0.0/16', '10.1.0.0/16'] });
    expect(added.body.address_group.addresses).toEqual(['10.0.0.1/32', '10.0.1.0/24', '10.1.0.0/16', '2001:db8::/64']);
    const again = await api('PUT', `/v2.0/address-groups/${group.id}/add_addresses`, { addresses: ['10.1.0.0/16'] });
    expect([again.status, again.body.NeutronError.type]).toEqual([400, 'AddressesAlreadyExist']);
    const missing = await api('PUT', `/v2.0/address-groups/${group.id}/remove_addresses`, { addresses: ['10.9.0.0/16'] });
    expect([missing.status, missing.body.NeutronError.type]).toEqual([404, 'AddressesNotFound']);
    const bare = await api('POST', '/v2.0/address-groups', { address_group: { name: 'bare', addresses: ['10.0.0.5'] } });
    expect(bare.body.NeutronError.message).toMatch(/'10\.0\.0\.5\/32' is recommended/);

    const sg = (await api('POST', '/v2.0/security-groups', { security_group: { name: 'sg' } })).body.security_group;
    const rule = await api('POST', '/v2.0/security-group-rules', { security_group_rule: { security_group_id: sg.id, direction: 'ingress', remote_address_group_id: group.id } });
    expect(rule.status).toBe(201);
    expect(rule.body.security_group_rule).toMatchObject({ remote_address_group_id: group.id, remote_group_id: null, remote_ip_prefix: null });
    const both = await api('POST', '/v2.0/security-group-rules', {
      security_group_rule: { security_group_id: sg.id, direction: 'ingress', remote_address_group_id: group.id, remote_ip_prefix: '10.0.0.0/8' },
    });
    expect([both.status, both.body.NeutronError.type]).toEqual([400, 'SecurityGroupMultipleRemoteEntites']);
    const inUse = await api('DELETE', `/v2.0/address-groups/${group.id}`);
    expect([inUse.status, inUse.body.NeutronError.type]).toEqual([409, 'AddressGroupInUse']);
    expect((await api('DELETE', `/v2.0/security-group-rules/${rule.body.security_group_rule.id}`)).status).toBe(204);
    expect((await api('DELETE', `/v2.0/address-groups/${group.id}`)).status).toBe(204);
    expect((await api('GET', `/v2.0/address-groups/${group.id}`)).body.NeutronError.type).toBe('AddressGroupNotFound');
  });
});
