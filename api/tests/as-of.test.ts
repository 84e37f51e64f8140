import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';
import { checksumOf } from '../../southbound/index.js';

describe('as_of on every read', () => {
  let node: InProcessNode;
  let network: string;
  let afterNetwork: number;
  let afterRename: number;
  let port: string;
  beforeAll(async () => {
    node = await startNode();
    const created = await call(node.url, 'POST', '/v2.0/networks', { network: { name: 'before' } });
    network = created.body.network.id;
    afterNetwork = Number(created.headers.get('x-netledger-position'));
    await call(node.url, 'POST', '/v2.0/subnets', { subnet: { network_id: network, ip_version: 4, cidr: '10.1.0.0/24' } });
    const renamed = await call(node.url, 'PUT', `/v2.0/networks/${network}`, { network: { name: 'after' } });
    afterRename = Number(renamed.headers.get('x-netledger-position'));
    port = (await call(node.url, 'POST', '/v2.0/ports', { port: { network_id: network } })).body.port.id;
  });
  afterAll(() => node.close());

  it('shows a resource as it was at a position, naming that position', async () => {
    const then = await call(node.url, 'GET', `/v2.0/networks/${network}?as_of=${afterNetwork}`);
    expect(then.status).toBe(200);
    expect(then.body.network.name).toBe('before');
    expect(then.body.network.subnets).toEqual([]);
    expect(then.body.as_of.position).toBe(afterNetwork);
    expect(then.headers.get('x-netledger-position')).toBe(String(afterNetwork));
    const later = await call(node.url, 'GET', `/v2.0/networks/${network}?as_of=${afterRename}`);
    expect(later.body.network.name).toBe('after');
    expect(later.body.network.subnets).toHaveLength(1);
  });

  it('lists with filters as of a position, and 404s what did not exist yet', async () => {
    const ports = await call(node.url, 'GET', `/v2.0/ports?network_id=${network}&as_of=${afterRename}`);
    expect(ports.body.ports).toEqual([]);
    const now = await call(node.url, 'GET', `/v2.0/ports?network_id=${network}`);
    expect(now.body.ports.map((p: { id: string }) => p.id)).toEqual([port]);
    expect((await call(node.url, 'GET', `/v2.0/ports/${port}?as_of=${afterRename}`)).status).toBe(404);
  });

  it('shows a security group and its rule as they were, and a rule deleted since', async () => {
    const group = (await call(node.url, 'POST', '/v2.0/security-groups', { security_group: { name: 'web' } })).body.security_group;
    const rule = await call(node.url, 'POST', '/v2.0/security-group-rules', {
      security_group_rule: { security_group_id: group.id, direction: 'ingress', protocol: 'tcp', port_range_min: 80, port_range_max: 80 },
    });
    const withRule = Number(rule.headers.get('x-netledger-position'));
    expect((await call(node.url, 'DELETE', `/v2.0/security-group-rules/${rule.body.security_group_rule.id}`)).status).toBe(204);
    const then = await call(node.url, 'GET', `/v2.0/security-group-rules/${rule.body.security_group_rule.id}?as_of=${withRule}`);
    expect(then.status).toBe(200);
    expect(then.body.security_group_rule).toEqual(rule.body.security_group_rule);
    const groupThen = await call(node.url, 'GET', `/v2.0/security-groups/${group.id}?as_of=${withRule}`);
    expect(groupThen.body.security_group.security_group_rules).toHaveLength(3);
    expect((await call(node.url, 'GET', `/v2.0/security-groups/${group.id}`)).body.security_group.security_group_rules).toHaveLength(2);
    expect((await call(node.url, 'GET', `/v2.0/security-group-rules/${rule.body.security_group_rule.id}`)).status).toBe(404);
  });

  it('takes RFC 3339 times: before the first event an empty world, after the last the present', async () => {
    const before = await call(node.url, 'GET', '/v2.0/networks?as_of=2000-01-01T00:00:00Z');
    expect(before.body.networks).toEqual([]);
    expect(before.body.as_of.position).toBe(0);
    const future = await call(node.url, 'GET', '/v2.0/networks?as_of=2999-01-01T00:00:00Z');
    expect(future.body.networks.map((n: { name: string }) => n.name)).toEqual(['after']);
  });

  it('reads hosts as of a moment too', async () => {
    const registered = await call(node.url, 'POST', '/v1/hosts', { host: { id: 'compute-9', name: 'c9', tunnel_ip: '192.0.2.9', mac: '02:00:00:00:00:09' } });
    expect(registered.status).toBe(201);
    const position = Number(registered.headers.get('x-netledger-position'));
    expect((await call(node.url, 'GET', `/v1/hosts?as_of=${position - 1}`)).body.hosts).toEqual([]);
    expect((await call(node.url, 'GET', `/v1/hosts/compute-9?as_of=${position}`)).body.host.tunnel_ip).toBe('192.0.2.9');
  });

  it("gives a host's goal state as of a position with the checksum its live stream had there", async () => {
    await call(node.url, 'POST', '/v1/hosts', { host: { id: 'compute-7', tunnel_ip: '192.0.2.7', mac: '02:00:00:00:00:07' } });
    const bound = await call(node.url, 'POST', '/v2.0/ports', { port: { network_id: network, 'binding:host_id': 'compute-7' } });
    const position = Number(bound.headers.get('x-netledger-position'));
    const live = (await call(node.url, 'GET', '/southbound/v1/hosts/compute-7/goal-state')).body;
    expect(live.position).toBe(position);
    await call(node.url, 'POST', '/v2.0/ports', { port: { network_id: network, 'binding:host_id': 'compute-7' } });
    const past = await call(node.url, 'GET', `/southbound/v1/hosts/compute-7/goal-state?as_of=${position}`);
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ type: 'snapshot', hostId: 'compute-7', position, checksum: live.checksum, goal_state: live.goal_state });
    expect(checksumOf(past.body.goal_state)).toBe(live.checksum);
    expect(Object.keys(past.body.goal_state.port)).toEqual([bound.body.port.id]);
  });

  it('gives every reader of past goal states and net changes its own answer when many ask at once', async () => {
    await call(node.url, 'POST', '/v1/hosts', { host: { id: 'compute-8', tunnel_ip: '192.0.2.8', mac: '02:00:00:00:00:08' } });
    const positions: number[] = [];
    for (let i = 0; i < 6; i++) {
      const bound = await call(node.url, 'POST', '/v2.0/ports', { port: { network_id: network, 'binding:host_id': 'compute-8' } });
      positions.push(Number(bound.headers.get('x-netledger-position')));
    }
    const goalStateAt = (p: number) => call(node.url, 'GET', `/southbound/v1/hosts/compute-8/goal-state?as_of=${p}`);
    const changeTo = (p: number) => call(node.url, 'GET', `/southbound/v1/hosts/compute-8/goal-state/diff?from=${positions[0]}&to=${p}`);
    // One at a time first; then all at once, several times over: answers share memory that is used again once sent.
    const alone = await Promise.all(positions.map(async (p) => [(await goalStateAt(p)).body, (await changeTo(p)).body]));
    for (let round = 0; round < 5; round++) {
      const together = await Promise.all(positions.flatMap((p) => [goalStateAt(p), changeTo(p)]));
      expect(together.map((answer) => answer.body)).toEqual(alone.flat());
    }
    expect(alone.map(([past]) => Object.keys(past.goal_state.port).length)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('filters by changed_since (standard-attr-timestamp)', async () => {
    expect((await call(node.url, 'GET', '/v2.0/networks?changed_since=2999-01-01T00:00:00')).body.networks).toEqual([]);
    expect((await call(node.url, 'GET', '/v2.0/networks?changed_since=2000-01-01T00:00:00Z')).body.networks).toHaveLength(1);
    expect((await call(node.url, 'GET', '/v2.0/networks?changed_since=soon')).status).toBe(400);
  });

  it('refuses an as_of that is neither a position nor a time', async () => {
    const bad = await call(node.url, 'GET', '/v2.0/networks?as_of=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.NeutronError.type).toBe('HTTPBadRequest');
  });

  it('tells who changed a resource, through the audit API', async () => {
    const history = await call(node.url, 'GET', `/v1/audit/resources/network/${network}/history`);
    expect(history.body.history.map((v: { event_type: string }) => v.event_type)).toEqual([
      'SegmentationIdReserved', 'NetworkCreated', 'SubnetCreated', 'NetworkUpdated',
    ]);
    const updates = await call(node.url, 'GET', `/v1/audit/events?resource_type=network&event_type=NetworkUpdated`);
    expect(updates.body.events).toHaveLength(1);
    expect(updates.body.events[0].actor).toEqual({ project_id: 'admin', user_id: 'admin' });
  });
});
