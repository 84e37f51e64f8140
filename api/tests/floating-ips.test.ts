import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

let node: InProcessNode;
const api = (method: string, path: string, body?: unknown) => call(node.url, method, path, body);

beforeAll(async () => {
  node = await startNode();
});
afterAll(() => node.close());

/** A host's watch: the diffs its agent receives, line by line. */
const watch = async (host: string) => {
  const abort = new AbortController();
  const response = await fetch(`${node.url}/southbound/v1/hosts/${host}/watch?since=0`, { signal: abort.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const lines: any[] = [];
  let buffered = '';
  /** The diffs that arrive until one satisfies `until`; the heartbeats are left out. */
  const next = async (until: (diff: any) => boolean): Promise<any[]> => {
    const seen: any[] = [];
    for (;;) {
      while (lines.length > 0) {
        const line = lines.shift();
        if (line.type !== 'diff') continue;
        seen.push(line);
        if (until(line)) return seen;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the watch ended');
      buffered += decoder.decode(value, { stream: true });
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const part of parts) if (part !== '') lines.push(JSON.parse(part));
    }
  };
  return { next, close: () => abort.abort() };
};

const created = async (path: string, body: unknown) => {
  const answer = await api('POST', path, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return Object.values(answer.body)[0] as any;
};

describe('floating IPs end to end', () => {
  it('a floating IP for a port bound to a host is one NAT op in that host goal state, and its release one delete', async () => {
    await created('/v1/hosts', { host: { id: 'compute-fip', tunnel_ip: '192.0.2.10', mac: '02:00:00:00:00:10' } });
    await created('/v1/hosts', { host: { id: 'gateway-fip', tunnel_ip: '192.0.2.11', mac: '02:00:00:00:00:11', gateway: true } });
    const agent = await watch('compute-fip');
    try {
      const external = await created('/v2.0/networks', { network: { name: 'public', 'router:external': true } });
      await created('/v2.0/subnets', { subnet: { network_id: external.id, cidr: '203.0.113.0/24', ip_version: 4, enable_dhcp: false } });
      const router = await created('/v2.0/routers', { router: { name: 'edge', external_gateway_info: { network_id: external.id } } });
      expect(router.external_gateway_info).toEqual({ network_id: external.id, enable_snat: true, external_fixed_ips: [{ subnet_id: expect.any(String), ip_address: '203.0.113.2' }] });
      const tenant = await created('/v2.0/networks', { network: { name: 'tenant' } });
      const subnet = await created('/v2.0/subnets', { subnet: { network_id: tenant.id, cidr: '10.20.0.0/24', ip_version: 4 } });
      expect((await api('PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: subnet.id })).status).toBe(200);
      const port = await created('/v2.0/ports', { port: { network_id: tenant.id, 'binding:host_id': 'compute-fip' } });
      await agent.next((diff) => diff.ops.some((op: any) => op.kind === 'port' && op.id === port.id));

      const createdAnswer = await api('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: external.id, port_id: port.id } });
      const floatingIp = createdAnswer.body.floatingip;
      const mappedAt = Number(createdAnswer.headers.get('x-netledger-position'));
      expect(floatingIp).toMatchObject({ floating_ip_address: '203.0.113.3', fixed_ip_address: port.fixed_ips[0].ip_address, router_id: router.id, status: 'DOWN' });
      const [arrived] = await agent.next(() => true);
      expect(arrived.ops).toEqual([
        {
          op: 'upsert',
          kind: 'floating_ip',
          id: floatingIp.id,
          body: {
            id: floatingIp.id,
            floating_ip_address: '203.0.113.3',
            floating_network_id: external.id,
            fixed_ip_address: port.fixed_ips[0].ip_address,
            port_id: port.id,
            mac_address: port.mac_address,
            router_id: router.id,
          },
        },
      ]);

      const deleted = await api('DELETE', `/v2.0/floatingips/${floatingIp.id}`);
      expect(deleted.status).toBe(204);
      const [left] = await agent.next(() => true);
      expect(left.ops).toEqual([{ op: 'delete', kind: 'floating_ip', id: floatingIp.id }]);

      // The past keeps it: as of its creation it was there, mapped, in the host's goal state too; the audit tells its story.
      const deletedAt = Number(deleted.headers.get('x-netledger-position'));
      const past = await api('GET', `/v2.0/floatingips/${floatingIp.id}?as_of=${mappedAt}`);
      expect(past.body.floatingip).toMatchObject({ id: floatingIp.id, port_id: port.id, router_id: router.id });
      expect((await api('GET', `/v2.0/floatingips/${floatingIp.id}?as_of=${deletedAt}`)).status).toBe(404);
      const pastGoalState = (await api('GET', `/southbound/v1/hosts/compute-fip/goal-state?as_of=${mappedAt}`)).body;
      expect(Object.keys(pastGoalState.goal_state.floating_ip)).toEqual([floatingIp.id]);
      const history = (await api('GET', `/v1/audit/resources/floating_ip/${floatingIp.id}/history`)).body;
      expect(JSON.stringify(history)).toContain('FloatingIpCreated');
      expect(JSON.stringify(history)).toContain('FloatingIpDeleted');

      // The router's SNAT is on the gateway host, not on the compute host.
      const gateway = (await api('GET', '/southbound/v1/hosts/gateway-fip/goal-state')).body;
      expect(gateway.goal_state.gateway[router.id]).toMatchObject({
        network_id: external.id,
        internal_cidrs: ['10.20.0.0/24'],
      });
    } finally {
      agent.close();
    }
  });
});

describe('router gateways, floating IPs, port security and the small listings, as Neutron answers', () => {
  const uuid = '00000000-0000-0000-0000-000000000001';
  const topology = async (cidr: string) => {
    const external = await created('/v2.0/networks', { network: { name: `ext-${cidr}`, 'router:external': true } });
    const externalSubnet = await created('/v2.0/subnets', { subnet: { network_id: external.id, cidr, ip_version: 4, enable_dhcp: false } });
    const tenant = await created('/v2.0/networks', { network: { name: `lan-${cidr}` } });
    const subnet = await created('/v2.0/subnets', { subnet: { network_id: tenant.id, cidr: '10.30.0.0/24', ip_version: 4 } });
    const router = await created('/v2.0/routers', { router: { external_gateway_info: { network_id: external.id } } });
    await api('PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: subnet.id });
    const port = await created('/v2.0/ports', { port: { network_id: tenant.id, name: 'vm' } });
    return { external, externalSubnet, tenant, subnet, router, port };
  };

  it('shows the gateway port, takes a chosen gateway address, and clears the gateway with {} or null', async () => {
    const { external, externalSubnet, router } = await topology('198.51.100.0/24');
    const ports = (await api('GET', `/v2.0/ports?device_id=${router.id}&device_owner=network:router_gateway`)).body.ports;
    expect(ports).toMatchObject([{ network_id: external.id, project_id: '', fixed_ips: [{ subnet_id: externalSubnet.id, ip_address: '198.51.100.2' }], status: 'DOWN' }]);
    expect((await api('DELETE', `/v2.0/ports/${ports[0].id}`)).body.NeutronError.type).toBe('ServicePortInUse');
    const other = await created('/v2.0/routers', {
      router: { external_gateway_info: { network_id: external.id, enable_snat: false, external_fixed_ips: [{ ip_address: '198.51.100.50' }] } },
    });
    expect(other.external_gateway_info).toEqual({ network_id: external.id, enable_snat: false, external_fixed_ips: [{ subnet_id: externalSubnet.id, ip_address: '198.51.100.50' }] });
    const taken = await api('PUT', `/v2.0/routers/${router.id}`, { router: { external_gateway_info: { network_id: external.id, external_fixed_ips: [{ ip_address: '198.51.100.50' }] } } });
    expect([taken.status, taken.body.NeutronError.type]).toEqual([409, 'IpAddressAlreadyAllocated']);
    const cleared = await api('PUT', `/v2.0/routers/${other.id}`, { router: { external_gateway_info: {} } });
    expect([cleared.status, cleared.body.router.external_gateway_info]).toEqual([200, null]);
    expect((await api('GET', `/v2.0/ports?device_id=${other.id}`)).body.ports).toEqual([]);
    const again = await api('PUT', `/v2.0/routers/${other.id}`, { router: { external_gateway_info: { network_id: external.id } } });
    expect(again.body.router.external_gateway_info.external_fixed_ips).toHaveLength(1);
    expect((await api('PUT', `/v2.0/routers/${other.id}`, { router: { external_gateway_info: null } })).body.router.external_gateway_info).toBeNull();
    const internal = await api('PUT', `/v2.0/routers/${other.id}`, { router: { external_gateway_info: { network_id: (await topology('192.0.2.0/24')).tenant.id } } });
    expect([internal.status, internal.body.NeutronError.type]).toEqual([400, 'BadRequest']);
    const distributed = await created('/v2.0/routers', { router: { name: 'dvr', distributed: true } });
    expect(distributed.distributed).toBe(true);
  });

  it('creates, maps, filters, tags and releases floating IPs with port_details, and refuses what Neutron refuses', async () => {
    const { external, router, port, tenant } = await topology('203.0.113.128/25');
    const floatingIp = await created('/v2.0/floatingips', { floatingip: { floating_network_id: external.id } });
    expect(floatingIp).toMatchObject({ floating_network_id: external.id, router_id: null, port_id: null, fixed_ip_address: null, status: 'DOWN', port_details: null, tags: [] });
    expect((await api('GET', `/v2.0/floatingips?floating_ip_address=${floatingIp.floating_ip_address}`)).body.floatingips.map((f: any) => f.id)).toEqual([floatingIp.id]);
    expect((await api('GET', '/v2.0/floatingips?port_id=')).body.floatingips.map((f: any) => f.id)).toContain(floatingIp.id);
    const mapped = await api('PUT', `/v2.0/floatingips/${floatingIp.id}`, { floatingip: { port_id: port.id } });
    expect(mapped.body.floatingip).toMatchObject({
      port_id: port.id,
      router_id: router.id,
      fixed_ip_address: port.fixed_ips[0].ip_address,
      port_details: { name: 'vm', network_id: tenant.id, mac_address: port.mac_address, admin_state_up: true, status: 'DOWN', device_id: '', device_owner: '' },
    });
    const second = await api('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: external.id, port_id: port.id } });
    expect([second.status, second.body.NeutronError.type]).toEqual([409, 'FloatingIPPortAlreadyAssociated']);
    const removeInterface = await api('PUT', `/v2.0/routers/${router.id}/remove_router_interface`, { subnet_id: port.fixed_ips[0].subnet_id });
    expect([removeInterface.status, removeInterface.body.NeutronError.type]).toEqual([409, 'RouterInterfaceInUseByFloatingIP']);
    const clearGateway = await api('PUT', `/v2.0/routers/${router.id}`, { router: { external_gateway_info: {} } });
    expect([clearGateway.status, clearGateway.body.NeutronError.type]).toEqual([409, 'RouterExternalGatewayInUseByFloatingIp']);
    expect((await api('PUT', `/v2.0/floatingips/${floatingIp.id}/tags/web`)).status).toBe(201);
    expect((await api('GET', `/v2.0/floatingips/${floatingIp.id}`)).body.floatingip.tags).toEqual(['web']);
    expect((await api('DELETE', `/v2.0/ports/${port.id}`)).status).toBe(204);
    expect((await api('GET', `/v2.0/floatingips/${floatingIp.id}`)).body.floatingip).toMatchObject({ port_id: null, router_id: null, fixed_ip_address: null });
    const refusals = [
      [await api('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: tenant.id } }), 400, 'BadRequest'],
      [await api('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: uuid } }), 404, 'NetworkNotFound'],
      [await api('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: external.id, port_id: uuid } }), 404, 'PortNotFound'],
      [await api('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: external.id, floating_ip_address: floatingIp.floating_ip_address } }), 409, 'IpAddressAlreadyAllocated'],
      [await api('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: external.id, floating_ip_address: '10.99.0.1' } }), 400, 'InvalidIpForNetwork'],
      [await api('GET', `/v2.0/floatingips/${uuid}`), 404, 'FloatingIPNotFound'],
    ] as const;
    for (const [answer, status, type] of refusals) expect([answer.status, answer.body.NeutronError.type]).toEqual([status, type]);
    expect((await api('DELETE', `/v2.0/floatingips/${floatingIp.id}`)).status).toBe(204);
  });

  it('gives ports their network port security by default, and keeps address pairs and DHCP options', async () => {
    const open = await created('/v2.0/networks', { network: { name: 'open', port_security_enabled: false } });
    expect(open.port_security_enabled).toBe(false);
    await created('/v2.0/subnets', { subnet: { network_id: open.id, cidr: '10.40.0.0/24', ip_version: 4 } });
    const plain = await created('/v2.0/ports', { port: { network_id: open.id } });
    expect([plain.port_security_enabled, plain.security_groups]).toEqual([false, []]);
    const pairs = await api('POST', '/v2.0/ports', { port: { network_id: open.id, allowed_address_pairs: [{ ip_address: '10.40.0.200' }] } });
    expect([pairs.status, pairs.body.NeutronError.type]).toEqual([409, 'AddressPairAndPortSecurityRequired']);
    const noAddress = await api('POST', '/v2.0/ports', { port: { network_id: open.id, port_security_enabled: true, allowed_address_pairs: [{ mac_address: 'fa:16:3e:00:00:01' }] } });
    expect([noAddress.status, noAddress.body.NeutronError.type]).toEqual([400, 'AllowedAddressPairsMissingIP']);
    const guarded = await created('/v2.0/ports', {
      port: {
        network_id: open.id,
        port_security_enabled: true,
        allowed_address_pairs: [{ ip_address: '10.40.0.200' }, { ip_address: '192.0.2.0/24', mac_address: 'fa:16:3e:00:00:01' }],
        extra_dhcp_opts: [{ opt_name: 'bootfile-name', opt_value: 'pxelinux.0' }],
      },
    });
    expect(guarded.allowed_address_pairs).toEqual([
      { ip_address: '10.40.0.200', mac_address: guarded.mac_address },
      { ip_address: '192.0.2.0/24', mac_address: 'fa:16:3e:00:00:01' },
    ]);
    expect(guarded.extra_dhcp_opts).toEqual([{ opt_name: 'bootfile-name', opt_value: 'pxelinux.0', ip_version: 4 }]);
    expect(guarded.security_groups).toHaveLength(1);
    const external = await created('/v2.0/networks', { network: { 'router:external': true, is_default: true } });
    expect(external.is_default).toBe(true);
    expect(open).not.toHaveProperty('is_default');
  });

  it('lists availability zones from the hosts, the L3 service provider, and flavors with their service profiles', async () => {
    await created('/v1/hosts', { host: { id: 'az-compute', tunnel_ip: '192.0.2.40', mac: '02:00:00:00:00:40', availability_zone: 'zone-a' } });
    await created('/v1/hosts', { host: { id: 'az-gateway', tunnel_ip: '192.0.2.41', mac: '02:00:00:00:00:41', availability_zone: 'zone-b', gateway: true } });
    const zones = (await api('GET', '/v2.0/availability_zones')).body.availability_zones;
    expect(zones).toEqual(expect.arrayContaining([
      { name: 'zone-a', resource: 'network', state: 'available' },
      { name: 'zone-b', resource: 'network', state: 'available' },
      { name: 'zone-b', resource: 'router', state: 'available' },
    ]));
    expect(zones).not.toContainEqual({ name: 'zone-a', resource: 'router', state: 'available' });
    expect((await api('GET', '/v2.0/availability_zones?resource=router&name=zone-b')).body.availability_zones).toHaveLength(1);
    expect((await api('GET', '/v2.0/service-providers')).body.service_providers).toEqual([{ service_type: 'L3_ROUTER_NAT', name: 'distributed', default: true }]);
    const flavor = await created('/v2.0/flavors', { flavor: { name: 'gold', service_type: 'L3_ROUTER_NAT' } });
    expect(flavor).toEqual({ id: flavor.id, name: 'gold', description: '', service_type: 'L3_ROUTER_NAT', enabled: true, service_profiles: [] });
    const profile = await created('/v2.0/service_profiles', { service_profile: { description: 'd', metainfo: 'm' } });
    expect(profile).toEqual({ id: profile.id, description: 'd', driver: '', enabled: true, metainfo: 'm' });
    expect((await api('POST', `/v2.0/flavors/${flavor.id}/service_profiles`, { service_profile: { id: profile.id } })).status).toBe(201);
    expect((await api('GET', `/v2.0/flavors/${flavor.id}`)).body.flavor.service_profiles).toEqual([profile.id]);
    expect((await api('DELETE', `/v2.0/service_profiles/${profile.id}`)).body.NeutronError.type).toBe('ServiceProfileInUse');
    expect((await api('DELETE', `/v2.0/flavors/${flavor.id}/service_profiles/${profile.id}`)).status).toBe(204);
    expect((await api('DELETE', `/v2.0/flavors/${flavor.id}/service_profiles/${profile.id}`)).body.NeutronError.type).toBe('FlavorServiceProfileBindingNotFound');
    expect((await api('POST', '/v2.0/flavors', { flavor: { name: 'x', service_type: 'NOPE' } })).body.NeutronError.type).toBe('InvalidServiceType');
    expect((await api('POST', '/v2.0/service_profiles', { service_profile: {} })).body.NeutronError.type).toBe('ServiceProfileEmpty');
    expect((await api('DELETE', `/v2.0/service_profiles/${flavor.id}`)).status).toBe(404);
    expect((await api('PUT', `/v2.0/flavors/${flavor.id}`, { flavor: { name: 'silver' } })).body.flavor.name).toBe('silver');
  });
});
