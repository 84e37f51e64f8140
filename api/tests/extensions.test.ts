import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

let node: InProcessNode;
const api = (method: string, path: string, body?: unknown) => call(node.url, method, path, body);

beforeAll(async () => {
  node = await startNode();
});
afterAll(() => node.close());

describe('extensions and network IP availability', () => {
  it("lists the extensions we honour in Neutron's format, and shows one by alias", async () => {
    const listed = await api('GET', '/v2.0/extensions');
    expect(listed.status).toBe(200);
    const aliases = listed.body.extensions.map((e: any) => e.alias);
    for (const alias of ['binding', 'security-group', 'router', 'extraroute', 'extraroute-atomic', 'standard-attr-revisions', 'standard-attr-timestamp',
      'standard-attr-description', 'project-id', 'network-ip-availability', 'provider', 'external-net', 'port-security', 'standard-attr-tag',
      'pagination', 'sorting', 'filter-validation', 'allowed-address-pairs', 'extra_dhcp_opt', 'dvr', 'ext-gw-mode', 'fip-port-details',
      'availability_zone', 'service-type', 'stateful-security-group'])
      expect(aliases).toContain(alias);
    for (const extension of listed.body.extensions) expect(Object.keys(extension).sort()).toEqual(['alias', 'description', 'links', 'name', 'updated']);
    expect((await api('GET', '/v2.0/extensions/router')).body.extension.alias).toBe('router');
    const unknown = await api('GET', '/v2.0/extensions/qos');
    expect(unknown.status).toBe(404);
    expect(unknown.body.NeutronError.type).toBe('HTTPNotFound');
  });

  it('counts used and total addresses per network and subnet', async () => {
    const network = (await api('POST', '/v2.0/networks', { network: { name: 'avail' } })).body.network;
    const subnet = (await api('POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.60.0.0/28', ip_version: 4 } })).body.subnet;
    await api('POST', '/v2.0/ports', { ports: [{ network_id: network.id }, { network_id: network.id }] });
    const shown = await api('GET', `/v2.0/network-ip-availabilities/${network.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body.network_ip_availability).toMatchObject({
      network_id: network.id,
      network_name: 'avail',
      used_ips: 2,
      total_ips: 13,
      subnet_ip_availability: [{ subnet_id: subnet.id, cidr: '10.60.0.0/28', ip_version: 4, used_ips: 2, total_ips: 13 }],
    });
    const listed = await api('GET', `/v2.0/network-ip-availabilities?network_id=${network.id}`);
    expect(listed.body.network_ip_availabilities).toHaveLength(1);
    const missing = await api('GET', '/v2.0/network-ip-availabilities/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.NeutronError.type).toBe('NetworkNotFound');
  });
});
