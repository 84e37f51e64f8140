import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

/** The behaviours of the comparison against a real Neutron Zed, each as the reference answered it. */
let node: InProcessNode;
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(node.url, method, path, body, headers);
const refused = (answer: { status: number; body: any }) => [answer.status, answer.body?.NeutronError?.type];

beforeAll(async () => {
  node = await startNode();
});
afterAll(() => node.close());

const group = async (name: string) => (await api('POST', '/v2.0/security-groups', { security_group: { name } })).body.security_group.id as string;
const rule = (fields: Record<string, unknown>) => api('POST', '/v2.0/security-group-rules', { security_group_rule: { direction: 'ingress', ...fields } });

describe('security groups as Neutron has them', () => {
  it('deletes a group used only as a remote group, with the rules of other groups that name it', async () => {
    const [remote, user] = [await group('remote-only'), await group('user')];
    const naming = (await rule({ security_group_id: user, remote_group_id: remote })).body.security_group_rule.id;
    expect((await api('DELETE', `/v2.0/security-groups/${remote}`)).status).toBe(204);
    expect(refused(await api('GET', `/v2.0/security-group-rules/${naming}`))).toEqual([404, 'SecurityGroupRuleNotFound']);
    expect((await api('GET', `/v2.0/security-groups/${user}`)).status).toBe(200);
    // A rule of another project naming it goes too (the delete writes to both projects' streams).
    const [elsewhere, theirs] = [await group('remote-of-another'), (await api('POST', '/v2.0/security-groups', { security_group: { name: 'theirs', project_id: 'other-project' } })).body.security_group.id];
    const across = (await rule({ security_group_id: theirs, remote_group_id: elsewhere })).body.security_group_rule.id;
    expect((await api('DELETE', `/v2.0/security-groups/${elsewhere}`)).status).toBe(204);
    expect(refused(await api('GET', `/v2.0/security-group-rules/${across}`))).toEqual([404, 'SecurityGroupRuleNotFound']);
  });

  it('answers a PUT on a rule with 400 naming the attribute, 404 for no rule', async () => {
    const id = (await rule({ security_group_id: await group('put-rule'), protocol: 'tcp' })).body.security_group_rule.id;
    const answer = await api('PUT', `/v2.0/security-group-rules/${id}`, { security_group_rule: { direction: 'egress' } });
    expect([...refused(answer), answer.body.NeutronError.message]).toEqual([400, 'HTTPBadRequest', 'Cannot update read-only attribute direction']);
    expect(refused(await api('PUT', '/v2.0/security-group-rules/00000000-0000-0000-0000-000000000000', { security_group_rule: { direction: 'egress' } }))).toEqual([
      404,
      'SecurityGroupRuleNotFound',
    ]);
  });

  it("creates the default group of the project an admin's list filters on", async () => {
    const listed = await api('GET', '/v2.0/security-groups?project_id=fresh-project');
    expect(listed.body.security_groups.map((g: { name: string; project_id: string }) => [g.name, g.project_id])).toEqual([['default', 'fresh-project']]);
  });

  it('keeps remote_ip_prefix as given, with normalized_cidr beside it', async () => {
    const id = await group('prefixes');
    const kept = (await rule({ security_group_id: id, protocol: 'udp', remote_ip_prefix: '10.0.0.5/8' })).body.security_group_rule;
    expect([kept.remote_ip_prefix, kept.normalized_cidr]).toEqual(['10.0.0.5/8', '10.0.0.0/8']);
    const host = (await rule({ security_group_id: id, protocol: 'tcp', remote_ip_prefix: '10.1.2.3' })).body.security_group_rule;
    expect([host.remote_ip_prefix, host.normalized_cidr]).toEqual(['10.1.2.3/32', '10.1.2.3/32']);
  });

  it("answers bad rules with Neutron's error types", async () => {
    const id = await group('bad-rules');
    const cases: [Record<string, unknown>, string][] = [
      [{ port_range_min: 22, port_range_max: 22 }, 'SecurityGroupProtocolRequiredWithPorts'],
      [{ protocol: 'tcp', port_range_min: 0, port_range_max: 22 }, 'SecurityGroupInvalidPortValue'],
      [{ protocol: 'tcp', port_range_min: 22, port_range_max: 70000 }, 'SecurityGroupInvalidPortValue'],
      [{ protocol: 'tcp', port_range_min: 30, port_range_max: 22 }, 'SecurityGroupInvalidPortRange'],
      [{ protocol: 'icmp', port_range_min: 300 }, 'SecurityGroupInvalidIcmpValue'],
      [{ protocol: 'icmp', port_range_max: 3 }, 'SecurityGroupMissingIcmpType'],
      [{ ethertype: 'IPv6', remote_ip_prefix: '10.0.0.0/8' }, 'SecurityGroupRuleParameterConflict'],
      [{ protocol: 'tcp', remote_ip_prefix: '10.0.0.0/8', remote_group_id: id }, 'SecurityGroupMultipleRemoteEntites'],
      [{ protocol: 'icmpv6', ethertype: 'IPv4' }, 'SecurityGroupEthertypeConflictWithProtocol'],
    ];
    for (const [fields, type] of cases) expect(refused(await rule({ security_group_id: id, ...fields })), JSON.stringify(fields)).toEqual([400, type]);
  });
});

const network = async (fields: Record<string, unknown> = {}) => (await api('POST', '/v2.0/networks', { network: { name: 'n', ...fields } })).body.network.id as string;
const subnet = (networkId: string, cidr: string, fields: Record<string, unknown> = {}) =>
  api('POST', '/v2.0/subnets', { subnet: { network_id: networkId, cidr, ip_version: cidr.includes(':') ? 6 : 4, ...fields } });

describe('networks, subnets and ports as Neutron has them', () => {
  it("answers allocation pool mistakes with Neutron's types and statuses", async () => {
    const id = await network();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ gateway_ip: '10.0.0.5', allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.10' }] }, 409, 'GatewayConflictWithAllocationPools'],
      [{ allocation_pools: [{ start: '10.0.1.2', end: '10.0.1.10' }] }, 400, 'OutOfBoundsAllocationPool'],
      [{ allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.10' }, { start: '10.0.0.5', end: '10.0.0.20' }] }, 409, 'OverlappingAllocationPools'],
      [{ allocation_pools: [{ start: '10.0.0.20', end: '10.0.0.10' }] }, 400, 'InvalidAllocationPool'],
    ];
    for (const [fields, status, type] of cases) expect(refused(await subnet(id, '10.0.0.0/24', fields)), JSON.stringify(fields)).toEqual([status, type]);
  });

  it('clears the host bits of a subnet cidr instead of refusing it', async () => {
    const created = await subnet(await network(), '10.9.0.5/24');
    expect([created.status, created.body.subnet.cidr, created.body.subnet.gateway_ip]).toEqual([201, '10.9.0.0/24', '10.9.0.1']);
  });

  it("applies Neutron's prefix-length and IPv6 mode rules", async () => {
    const id = await network();
    for (const [cidr, fields] of [
      ['10.8.0.0/32', {}],
      ['10.7.0.0/31', {}],
      ['fd00:5::/128', {}],
      ['10.5.0.0/24', { ipv6_address_mode: 'slaac' }],
      ['fd00:1::/80', { ipv6_address_mode: 'slaac' }],
      ['fd00:2::/64', { ipv6_address_mode: 'slaac', ipv6_ra_mode: 'dhcpv6-stateful' }],
    ] as const)
      expect(refused(await subnet(id, cidr, fields)), `${cidr} ${JSON.stringify(fields)}`).toEqual([400, 'InvalidInput']);
    expect((await subnet(id, '10.8.0.0/32', { enable_dhcp: false })).status).toBe(201);
    expect((await subnet(id, 'fd00:3::/80', { ipv6_address_mode: 'dhcpv6-stateful' })).status).toBe(201);
  });

  it('refuses an MTU above the underlay less the overlay, and takes small ones from 68', async () => {
    const big = await api('POST', '/v2.0/networks', { network: { mtu: 1451 } });
    expect([...refused(big), big.body.NeutronError.message]).toEqual([400, 'InvalidInput', 'Invalid input for operation: Requested MTU is too big, maximum is 1450.']);
    expect((await api('POST', '/v2.0/networks', { network: { mtu: 68 } })).body.network.mtu).toBe(68);
    const id = await network({ mtu: 1000 });
    expect(refused(await api('PUT', `/v2.0/networks/${id}`, { network: { mtu: 9000 } }))).toEqual([400, 'InvalidInput']);
  });

  it('answers a fixed IP on a subnet that does not exist with SubnetNotFound, and takes a multicast MAC', async () => {
    const id = await network();
    await subnet(id, '10.4.0.0/24');
    const missing = '00000000-0000-0000-0000-000000000001';
    expect(refused(await api('POST', '/v2.0/ports', { port: { network_id: id, fixed_ips: [{ subnet_id: missing }] } }))).toEqual([404, 'SubnetNotFound']);
    const multicast = await api('POST', '/v2.0/ports', { port: { network_id: id, mac_address: '01:00:5e:00:00:01' } });
    expect([multicast.status, multicast.body.port?.mac_address]).toEqual([201, '01:00:5e:00:00:01']);
  });

  it('deletes a network with its subnets and DHCP ports, and refuses while other ports remain', async () => {
    const id = await network();
    await subnet(id, '10.21.0.0/24');
    const dhcp = (await api('POST', '/v2.0/ports', { port: { network_id: id, device_owner: 'network:dhcp' } })).body.port.id;
    const vm = (await api('POST', '/v2.0/ports', { port: { network_id: id, device_owner: 'compute:nova' } })).body.port.id;
    expect(refused(await api('DELETE', `/v2.0/networks/${id}`))).toEqual([409, 'NetworkInUse']);
    expect((await api('DELETE', `/v2.0/ports/${vm}`)).status).toBe(204);
    expect((await api('DELETE', `/v2.0/networks/${id}`)).status).toBe(204);
    expect(refused(await api('GET', `/v2.0/ports/${dhcp}`))).toEqual([404, 'PortNotFound']);
  });
});
