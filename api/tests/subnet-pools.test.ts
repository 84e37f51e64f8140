import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

/** Subnet pools, address scopes and subnets from pools, answered as the reference Neutron answered the same requests. */
let node: InProcessNode;
const api = (method: string, path: string, body?: unknown) => call(node.url, method, path, body);
beforeAll(async () => {
  node = await startNode();
});
afterAll(() => node.close());

const created = async (path: string, body: object) => {
  const answer = await api('POST', path, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return Object.values(answer.body as Record<string, { id: string }>)[0];
};

describe('subnet pools over HTTP', () => {
  it('shows a pool as Neutron does: prefix lengths as strings, bounds from the IP version', async () => {
    const pool = await created('/v2.0/subnetpools', { subnetpool: { name: 'sp', prefixes: ['10.9.0.1/16', '10.9.0.0/24'] } });
    expect(pool).toMatchObject({
      name: 'sp', prefixes: ['10.9.0.0/16'], ip_version: 4, default_prefixlen: '8', min_prefixlen: '8', max_prefixlen: '32',
      is_default: false, shared: false, default_quota: null, address_scope_id: null, tags: [], revision_number: 0,
    });
    const update = await api('PUT', `/v2.0/subnetpools/${pool.id}`, { subnetpool: { min_prefixlen: '12', default_prefixlen: 25, prefixes: ['10.9.0.0/16', '10.10.0.0/16'] } });
    expect(update.body.subnetpool).toMatchObject({ min_prefixlen: '12', default_prefixlen: '25', prefixes: ['10.9.0.0/16', '10.10.0.0/16'], revision_number: 1 });
    const shrink = await api('PUT', `/v2.0/subnetpools/${pool.id}`, { subnetpool: { prefixes: ['10.30.0.0/16'] } });
    expect([shrink.status, shrink.body.NeutronError.type]).toEqual([400, 'IllegalSubnetPoolPrefixUpdate']);
  });

  it('hands out the next free prefix to a subnet and refuses to delete the pool while it is in use', async () => {
    const pool = await created('/v2.0/subnetpools', { subnetpool: { name: 'alloc', prefixes: ['10.210.0.0/16'], default_prefixlen: 24, min_prefixlen: 20, max_prefixlen: 28 } });
    const network = await created('/v2.0/networks', { network: { name: 'from-pool' } });
    const first = await created('/v2.0/subnets', { subnet: { network_id: network.id, ip_version: 4, subnetpool_id: pool.id } });
    expect(first).toMatchObject({ cidr: '10.210.0.0/24', subnetpool_id: pool.id, gateway_ip: '10.210.0.1' });
    const second = await created('/v2.0/subnets', { subnet: { network_id: network.id, ip_version: 4, subnetpool_id: pool.id, prefixlen: 26 } });
    expect(second).toMatchObject({ cidr: '10.210.1.0/26' });
    const tooLong = await api('POST', '/v2.0/subnets', { subnet: { network_id: network.id, ip_version: 4, subnetpool_id: pool.id, prefixlen: 30 } });
    expect([tooLong.status, tooLong.body.NeutronError.type]).toEqual([400, 'MaxPrefixSubnetAllocationError']);
    const noCidr = await api('POST', '/v2.0/subnets', { subnet: { network_id: network.id, ip_version: 4 } });
    expect(noCidr.body.NeutronError).toMatchObject({ type: 'BadRequest', message: 'Bad subnets request: a subnetpool must be specified in the absence of a cidr.' });
    const inUse = await api('DELETE', `/v2.0/subnetpools/${pool.id}`);
    expect([inUse.status, inUse.body.NeutronError.type]).toEqual([400, 'SubnetPoolDeleteError']);
    expect((await api('GET', `/v2.0/subnets?subnetpool_id=${pool.id}`)).body.subnets).toHaveLength(2);
  });

  it('keeps the prefixes of an address scope apart and shows the scope on the network', async () => {
    const scope = await created('/v2.0/address-scopes', { address_scope: { name: 'scope', ip_version: 4 } });
    expect(Object.keys(scope)).toEqual(['id', 'project_id', 'name', 'shared', 'ip_version', 'tenant_id']);
    const pool = await created('/v2.0/subnetpools', { subnetpool: { name: 'in-scope', prefixes: ['10.200.0.0/16'], address_scope_id: scope.id, default_prefixlen: 24 } });
    const network = await created('/v2.0/networks', { network: { name: 'scoped' } });
    const before = (await api('GET', `/v2.0/networks/${network.id}`)).headers.get('x-netledger-position');
    await created('/v2.0/subnets', { subnet: { network_id: network.id, ip_version: 4, subnetpool_id: pool.id } });
    expect((await api('GET', `/v2.0/networks/${network.id}`)).body.network).toMatchObject({ ipv4_address_scope: scope.id, ipv6_address_scope: null });
    const now = (await api('GET', `/v2.0/networks/${network.id}`)).headers.get('x-netledger-position');
    expect((await api('GET', `/v2.0/networks/${network.id}?as_of=${now}`)).body.network).toMatchObject({ ipv4_address_scope: scope.id });
    expect((await api('GET', `/v2.0/networks/${network.id}?as_of=${before}`)).body.network).toMatchObject({ ipv4_address_scope: null });
    const clash = await api('POST', '/v2.0/subnetpools', { subnetpool: { name: 'clash', prefixes: ['10.200.128.0/17'], address_scope_id: scope.id } });
    expect([clash.status, clash.body.NeutronError.type]).toEqual([409, 'AddressScopePrefixConflict']);
    const inUse = await api('DELETE', `/v2.0/address-scopes/${scope.id}`);
    expect([inUse.status, inUse.body.NeutronError.type]).toEqual([409, 'AddressScopeInUse']);
    expect((await api('GET', '/v2.0/address-scopes?name=scope')).body.address_scopes.map((s: { id: string }) => s.id)).toEqual([scope.id]);
  });

  it('uses the default pool of an IP version when asked', async () => {
    await created('/v2.0/subnetpools', { subnetpool: { name: 'default', prefixes: ['10.220.0.0/16'], is_default: true, default_prefixlen: 25 } });
    const network = await created('/v2.0/networks', { network: { name: 'defaulted' } });
    expect(await created('/v2.0/subnets', { subnet: { network_id: network.id, ip_version: 4, use_default_subnetpool: true, prefixlen: 28 } })).toMatchObject({ cidr: '10.220.0.0/28' });
    const second = await api('POST', '/v2.0/subnetpools', { subnetpool: { name: 'default-2', prefixes: ['10.221.0.0/16'], is_default: true } });
    expect([second.status, second.body.NeutronError.type]).toEqual([400, 'InvalidInput']);
  });
});
