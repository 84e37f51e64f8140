import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

describe('bulk creates are all or nothing', () => {
  let node: InProcessNode;
  /** A refused bulk is one refused append: the log's head does not move (no create and delete pair). */
  const headAfter = async (write: () => Promise<unknown>) => {
    const before = await node.engine.store.headPosition();
    await write();
    return (await node.engine.store.headPosition()) - before;
  };
  let network: string;
  let other: string;
  beforeAll(async () => {
    node = await startNode();
    network = (await call(node.url, 'POST', '/v2.0/networks', { network: { name: 'a' } })).body.network.id;
    other = (await call(node.url, 'POST', '/v2.0/networks', { network: { name: 'b' } })).body.network.id;
    for (const [id, cidr] of [[network, '10.0.0.0/24'], [other, '10.0.1.0/24']])
      expect((await call(node.url, 'POST', '/v2.0/subnets', { subnet: { network_id: id, ip_version: 4, cidr } })).status).toBe(201);
  });
  afterAll(() => node.close());

  it('refuses a bulk of subnets over several networks whole, writing nothing, when a later one is refused', async () => {
    let answer: any;
    const moved = await headAfter(async () => {
      answer = await call(node.url, 'POST', '/v2.0/subnets', {
        subnets: [
          { network_id: network, ip_version: 4, cidr: '10.0.5.0/24' },
          { network_id: other, ip_version: 4, cidr: '10.0.6.0/24' },
          { network_id: network, ip_version: 4, cidr: '10.0.5.0/25' },
        ],
      });
    });
    expect(answer.status).toBe(400);
    expect(answer.body.NeutronError.message).toMatch(/overlaps/);
    expect(moved).toBe(0);
    const subnets = await call(node.url, 'GET', `/v2.0/subnets`);
    expect(subnets.body.subnets.map((s: { cidr: string }) => s.cidr).sort()).toEqual(['10.0.0.0/24', '10.0.1.0/24']);
  });

  it('creates a bulk of subnets over several networks in one append', async () => {
    const answer = await call(node.url, 'POST', '/v2.0/subnets', {
      subnets: [
        { network_id: network, ip_version: 6, cidr: 'fd00:a::/64' },
        { network_id: other, ip_version: 6, cidr: 'fd00:b::/64' },
      ],
    });
    expect(answer.status).toBe(201);
    expect(answer.body.subnets.map((s: { network_id: string }) => s.network_id)).toEqual([network, other]);
    const head = await node.engine.store.headPosition();
    const written = [];
    for await (const event of node.engine.store.readAll(head - 2)) written.push(event);
    expect(written.map((event) => event.type)).toEqual(['SubnetCreated', 'SubnetCreated']);
    expect(new Set(written.map((event) => event.metadata.commandId)).size).toBe(1);
  });

  it('refuses a bulk of ports over several networks whole, in one append, when one is refused', async () => {
    // The project's default group comes first, as in Neutron (a list makes it): it is no part of the bulk.
    await call(node.url, 'GET', '/v2.0/security-groups');
    let answer: any;
    const moved = await headAfter(async () => {
      answer = await call(node.url, 'POST', '/v2.0/ports', {
        ports: [
          { network_id: network },
          { network_id: other, fixed_ips: [{ ip_address: '10.0.1.1' }] },
          { network_id: other, fixed_ips: [{ ip_address: '10.0.1.1' }] },
        ],
      });
    });
    expect(moved).toBe(0);
    expect(answer.status).toBe(409);
    expect(answer.body.NeutronError.type).toBe('IpAddressAlreadyAllocated');
    expect((await call(node.url, 'GET', '/v2.0/ports')).body.ports.filter((p: { device_owner: string }) => p.device_owner === '')).toEqual([]);
  });

  it('creates networks in bulk, and none when one of them is refused', async () => {
    let refused: any;
    const moved = await headAfter(async () => {
      refused = await call(node.url, 'POST', '/v2.0/networks', {
        networks: [{ name: 'x' }, { name: 'y', 'provider:segmentation_id': 7 }, { name: 'z', 'provider:segmentation_id': 7 }],
      });
    });
    expect(refused.status).toBe(409);
    expect(moved).toBe(0);
    const names = (await call(node.url, 'GET', '/v2.0/networks')).body.networks.map((n: { name: string }) => n.name).sort();
    expect(names).toEqual(['a', 'b']);
    const created = await call(node.url, 'POST', '/v2.0/networks', { networks: [{ name: 'x' }, { name: 'y' }] });
    expect(created.status).toBe(201);
    expect(created.body.networks.map((n: { name: string }) => n.name)).toEqual(['x', 'y']);
  });

  describe('of every other collection: one append, or nothing at all when its last item is refused', () => {
    let external: string;
    let group: string;
    beforeAll(async () => {
      external = (await call(node.url, 'POST', '/v2.0/networks', { network: { name: 'ext', 'router:external': true } })).body.network.id;
      expect((await call(node.url, 'POST', '/v2.0/subnets', { subnet: { network_id: external, ip_version: 4, cidr: '198.51.100.0/24' } })).status).toBe(201);
      group = (await call(node.url, 'POST', '/v2.0/security-groups', { security_group: { name: 'g' } })).body.security_group.id;
    });

    /** Each collection's path and a bulk whose last item the domain refuses, after what the earlier ones took. */
    const refusedLast = (): [string, Record<string, unknown[]>, number, string][] => [
      ['/v2.0/floatingips', { floatingips: [{ floating_network_id: external }, { floating_network_id: external, floating_ip_address: '198.51.100.9' }, { floating_network_id: external, floating_ip_address: '198.51.100.9' }] }, 409, 'IpAddressAlreadyAllocated'],
      ['/v2.0/security-group-rules', { security_group_rules: [{ security_group_id: group, direction: 'ingress', protocol: 'tcp' }, { security_group_id: group, direction: 'ingress', protocol: 'tcp' }] }, 409, 'SecurityGroupRuleExists'],
      ['/v2.0/rbac-policies', { rbac_policies: [{ object_type: 'network', object_id: network, action: 'access_as_shared', target_tenant: 'bob' }, { object_type: 'network', object_id: network, action: 'access_as_shared', target_tenant: 'bob' }] }, 409, 'DuplicateRbacPolicy'],
      ['/v2.0/subnetpools', { subnetpools: [{ name: 'p1', prefixes: ['10.90.0.0/16'], is_default: true }, { name: 'p2', prefixes: ['10.91.0.0/16'], is_default: true }] }, 400, 'InvalidInput'],
      ['/v2.0/security-groups', { security_groups: [{ name: 'one' }, { name: 'default' }] }, 409, 'SecurityGroupDefaultAlreadyExists'],
      ['/v2.0/flavors', { flavors: [{ name: 'gold', service_type: 'L3_ROUTER_NAT' }, { name: 'odd', service_type: 'NOPE' }] }, 400, 'InvalidServiceType'],
      ['/v2.0/address-groups', { address_groups: [{ name: 'ok', addresses: ['10.0.0.0/24'] }, { name: 'bad', addresses: ['10.0.0.300/24'] }] }, 400, 'HTTPBadRequest'],
      ['/v2.0/service_profiles', { service_profiles: [{ metainfo: 'm' }, { driver: 'nowhere' }] }, 404, 'ServiceProfileDriverNotFound'],
      ['/v1/hosts', { hosts: [{ id: 'c-1', tunnel_ip: '192.0.2.11', mac: '52:54:00:aa:bb:01' }, { id: 'c-1', tunnel_ip: '192.0.2.12', mac: '52:54:00:aa:bb:02' }] }, 409, 'HostAlreadyRegistered'],
    ];

    it('writes nothing for a bulk refused at its last item, and answers that item’s error', async () => {
      for (const [path, body, status, type] of refusedLast()) {
        let answer: any;
        const moved = await headAfter(async () => (answer = await call(node.url, 'POST', path, body)));
        expect([path, answer.status, answer.body.NeutronError?.type, moved]).toEqual([path, status, type, 0]);
      }
    });

    it('counts the whole bulk against the quota, writing nothing past it', async () => {
      expect((await call(node.url, 'PUT', '/v2.0/quotas/admin', { quota: { router: 1 } })).status).toBe(200);
      let answer: any;
      const moved = await headAfter(async () => (answer = await call(node.url, 'POST', '/v2.0/routers', { routers: [{ name: 'r1' }, { name: 'r2' }] })));
      expect([answer.status, answer.body.NeutronError.type, moved]).toEqual([409, 'OverQuota', 0]);
      expect((await call(node.url, 'DELETE', '/v2.0/quotas/admin')).status).toBe(204);
    });

    it('gives two floating IPs of one bulk two addresses, in one append', async () => {
      const head = await node.engine.store.headPosition();
      const answer = await call(node.url, 'POST', '/v2.0/floatingips', { floatingips: [{ floating_network_id: external }, { floating_network_id: external }] });
      expect(answer.status).toBe(201);
      const addresses = answer.body.floatingips.map((f: { floating_ip_address: string }) => f.floating_ip_address);
      expect(new Set(addresses).size).toBe(2);
      const written = [];
      for await (const event of node.engine.store.readAll(head)) written.push(event);
      expect(new Set(written.map((event) => event.metadata.commandId)).size).toBe(1);
    });

    it('answers a bulk retried under its Idempotency-Key in the order of its bodies, whatever the log’s order', async () => {
      const other = (await call(node.url, 'POST', '/v2.0/security-groups', { security_group: { name: 'h' } })).body.security_group.id;
      // The rules of one group are one stream, so the log holds 22, 80 (group g), then 443 (group h): not the bodies' order.
      const body = {
        security_group_rules: [
          { security_group_id: group, direction: 'ingress', protocol: 'tcp', port_range_min: 22, port_range_max: 22 },
          { security_group_id: other, direction: 'ingress', protocol: 'tcp', port_range_min: 443, port_range_max: 443 },
          { security_group_id: group, direction: 'ingress', protocol: 'tcp', port_range_min: 80, port_range_max: 80 },
        ],
      };
      const first = await call(node.url, 'POST', '/v2.0/security-group-rules', body, { 'idempotency-key': 'rules' });
      expect(first.body.security_group_rules.map((r: { port_range_min: number }) => r.port_range_min)).toEqual([22, 443, 80]);
      const again = await call(node.url, 'POST', '/v2.0/security-group-rules', body, { 'idempotency-key': 'rules' });
      expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
      expect(again.body).toEqual(first.body);
      const groups = { security_groups: [{ name: 'x', project_id: 'fresh' }, { name: 'y' }] };
      const made = await call(node.url, 'POST', '/v2.0/security-groups', groups, { 'idempotency-key': 'groups' });
      expect(made.body.security_groups.map((g: { name: string }) => g.name)).toEqual(['x', 'y']);
      // Project fresh’s default group was made by the same write: it is not part of the answer.
      expect((await call(node.url, 'POST', '/v2.0/security-groups', groups, { 'idempotency-key': 'groups' })).body).toEqual(made.body);
    });
  });
});
