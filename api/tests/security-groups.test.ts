import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

let node: InProcessNode;
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(node.url, method, path, body, headers);

beforeAll(async () => {
  node = await startNode();
});
afterAll(() => node.close());

describe('security groups over HTTP', () => {
  it('creates the default group of a project the first time it lists its groups', async () => {
    const first = await api('GET', '/v2.0/security-groups', undefined, { 'x-project-id': 'lister' });
    expect(first.status).toBe(200);
    expect(first.body.security_groups.map((g: any) => g.name)).toEqual(['default']);
    expect(first.body.security_groups[0].security_group_rules).toHaveLength(4);
    const again = await api('GET', '/v2.0/security-groups', undefined, { 'x-project-id': 'lister' });
    expect(again.body.security_groups.map((g: any) => g.id)).toEqual(first.body.security_groups.map((g: any) => g.id));
  });

  it('creates, shows, updates and deletes a group, with Neutron status codes', async () => {
    const created = await api('POST', '/v2.0/security-groups', { security_group: { name: 'web', description: 'http in' } });
    expect(created.status).toBe(201);
    const group = created.body.security_group;
    expect(group).toMatchObject({ name: 'web', description: 'http in', stateful: true, project_id: 'admin', tenant_id: 'admin', revision_number: 0 });
    expect(group.security_group_rules.map((r: any) => `${r.direction}/${r.ethertype}`).sort()).toEqual(['egress/IPv4', 'egress/IPv6']);

    const shown = await api('GET', `/v2.0/security-groups/${group.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body.security_group.id).toBe(group.id);

    const updated = await api('PUT', `/v2.0/security-groups/${group.id}`, { security_group: { name: 'www' } });
    expect(updated.status).toBe(200);
    expect(updated.body.security_group).toMatchObject({ name: 'www', revision_number: 1 });

    const stale = await api('PUT', `/v2.0/security-groups/${group.id}`, { security_group: { name: 'x' } }, { 'if-match': 'revision_number=0' });
    expect(stale.status).toBe(412);
    expect(stale.body.NeutronError.type).toBe('RevisionNumberConstraintFailed');

    expect((await api('DELETE', `/v2.0/security-groups/${group.id}`)).status).toBe(204);
    const gone = await api('GET', `/v2.0/security-groups/${group.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.NeutronError.type).toBe('SecurityGroupNotFound');
    expect((await api('DELETE', `/v2.0/security-groups/${group.id}`)).body.NeutronError.type).toBe('SecurityGroupNotFound');
  });

  it('refuses unknown attributes, a second default group, and renaming the default group', async () => {
    const unknown = await api('POST', '/v2.0/security-groups', { security_group: { name: 'a', colour: 'red' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.NeutronError.message).toMatch(/colour/);
    await api('GET', '/v2.0/security-groups', undefined, { 'x-project-id': 'dflt' });
    const second = await api('POST', '/v2.0/security-groups', { security_group: { name: 'default', project_id: 'dflt' } });
    expect(second.status).toBe(409);
    expect(second.body.NeutronError.type).toBe('SecurityGroupDefaultAlreadyExists');
    const list = await api('GET', '/v2.0/security-groups?project_id=dflt&name=default');
    const rename = await api('PUT', `/v2.0/security-groups/${list.body.security_groups[0].id}`, { security_group: { name: 'other' } });
    expect(rename.status).toBe(409);
    expect(rename.body.NeutronError.type).toBe('SecurityGroupCannotUpdateDefault');
  });

  it('refuses to delete a group that a port uses', async () => {
    const group = (await api('POST', '/v2.0/security-groups', { security_group: { name: 'used' } })).body.security_group;
    const network = (await api('POST', '/v2.0/networks', { network: { name: 'sg-net' } })).body.network;
    await api('POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.9.0.0/24', ip_version: 4 } });
    const port = (await api('POST', '/v2.0/ports', { port: { network_id: network.id, security_groups: [group.id] } })).body.port;
    const refused = await api('DELETE', `/v2.0/security-groups/${group.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.NeutronError.type).toBe('SecurityGroupInUse');
    expect((await api('DELETE', `/v2.0/ports/${port.id}`)).status).toBe(204);
    expect((await api('DELETE', `/v2.0/security-groups/${group.id}`)).status).toBe(204);
  });
});

describe('security group rules over HTTP', () => {
  let groupId: string;
  beforeAll(async () => {
    groupId = (await api('POST', '/v2.0/security-groups', { security_group: { name: 'rules' } })).body.security_group.id;
  });
  const rule = (fields: Record<string, unknown>) =>
    api('POST', '/v2.0/security-group-rules', { security_group_rule: { security_group_id: groupId, direction: 'ingress', ...fields } });

  it('creates a rule as Neutron stores it, lists, shows and deletes it', async () => {
    const created = await rule({ protocol: 'TCP', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '192.168.1.7/24' });
    expect(created.status).toBe(201);
    const body = created.body.security_group_rule;
    expect(body).toMatchObject({ protocol: 'tcp', ethertype: 'IPv4', remote_ip_prefix: '192.168.1.7/24', normalized_cidr: '192.168.1.0/24', port_range_min: 22, project_id: 'admin' });

    const listed = await api('GET', `/v2.0/security-group-rules?security_group_id=${groupId}&direction=ingress`);
    expect(listed.body.security_group_rules.map((r: any) => r.id)).toEqual([body.id]);
    expect((await api('GET', `/v2.0/security-group-rules/${body.id}`)).body.security_group_rule.id).toBe(body.id);
    const group = (await api('GET', `/v2.0/security-groups/${groupId}`)).body.security_group;
    expect(group.security_group_rules.map((r: any) => r.id)).toContain(body.id);

    const duplicate = await rule({ protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '192.168.1.7/24' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.NeutronError.type).toBe('SecurityGroupRuleExists');

    expect((await api('DELETE', `/v2.0/security-group-rules/${body.id}`)).status).toBe(204);
    const gone = await api('DELETE', `/v2.0/security-group-rules/${body.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.NeutronError.type).toBe('SecurityGroupRuleNotFound');
  });

  it("answers Neutron's 400s for bad rules", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ protocol: 'bogus' }, 'SecurityGroupRuleInvalidProtocol'],
      [{ protocol: 'tcp', port_range_min: 80, port_range_max: 22 }, 'SecurityGroupInvalidPortRange'],
      [{ protocol: 'icmp', port_range_min: 300 }, 'SecurityGroupInvalidIcmpValue'],
      [{ protocol: 'icmp', port_range_max: 3 }, 'SecurityGroupMissingIcmpType'],
      [{ protocol: 'tcp', port_range_min: 0, port_range_max: 22 }, 'SecurityGroupInvalidPortValue'],
      [{ protocol: 'tcp', port_range_min: 22, port_range_max: 70000 }, 'SecurityGroupInvalidPortValue'],
      [{ protocol: 'icmpv6' }, 'SecurityGroupEthertypeConflictWithProtocol'],
      [{ remote_ip_prefix: '10.0.0.0/8', remote_group_id: groupId }, 'SecurityGroupMultipleRemoteEntites'],
      [{ remote_ip_prefix: 'fe80::/64' }, 'SecurityGroupRuleParameterConflict'],
      [{ direction: 'sideways' }, 'HTTPBadRequest'],
      [{ port_range_min: 22, port_range_max: 22 }, 'SecurityGroupProtocolRequiredWithPorts'],
    ];
    for (const [fields, type] of cases) {
      const answer = await rule(fields);
      expect(answer.status, JSON.stringify(fields)).toBe(400);
      expect(answer.body.NeutronError.type, JSON.stringify(fields)).toBe(type);
    }
  });

  it('refuses a rule for a group or remote group that does not exist', async () => {
    const missing = await api('POST', '/v2.0/security-group-rules', {
      security_group_rule: { security_group_id: '00000000-0000-0000-0000-000000000000', direction: 'egress' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.NeutronError.type).toBe('SecurityGroupNotFound');
    const remote = await rule({ remote_group_id: '00000000-0000-0000-0000-000000000001' });
    expect(remote.status).toBe(404);
    expect(remote.body.NeutronError.type).toBe('SecurityGroupNotFound');
  });

  it('creates several rules in one bulk request', async () => {
    const bulk = await api('POST', '/v2.0/security-group-rules', {
      security_group_rules: [
        { security_group_id: groupId, direction: 'ingress', protocol: 'udp', port_range_min: 53, port_range_max: 53 },
        { security_group_id: groupId, direction: 'ingress', protocol: 'icmp', port_range_min: 8, port_range_max: 0 },
      ],
    });
    expect(bulk.status).toBe(201);
    expect(bulk.body.security_group_rules.map((r: any) => r.protocol)).toEqual(['udp', 'icmp']);
  });
});
