import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

let node: InProcessNode;
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(node.url, method, path, body, headers);

beforeAll(async () => {
  node = await startNode();
});
afterAll(() => node.close());

describe('/v1/hosts over HTTP', () => {
  it('registers, lists, shows, updates and removes a host', async () => {
    const created = await api('POST', '/v1/hosts', { host: { id: 'compute-1', tunnel_ip: '192.0.2.10', mac: '52:54:00:AA:BB:01' } });
    expect(created.status).toBe(201);
    expect(created.body.host).toMatchObject({ id: 'compute-1', name: 'compute-1', tunnel_ip: '192.0.2.10', mac: '52:54:00:aa:bb:01', bound_ports: 0, revision_number: 0 });
    expect((await api('GET', '/v1/hosts')).body.hosts.map((h: any) => h.id)).toEqual(['compute-1']);
    expect((await api('GET', '/v1/hosts/compute-1')).body.host.tunnel_ip).toBe('192.0.2.10');
    const updated = await api('PUT', '/v1/hosts/compute-1', { host: { tunnel_ip: '2001:db8:0::1', description: 'rack 4' } });
    expect(updated.status).toBe(200);
    expect(updated.body.host).toMatchObject({ tunnel_ip: '2001:db8::1', description: 'rack 4', revision_number: 1 });
    expect((await api('DELETE', '/v1/hosts/compute-1')).status).toBe(204);
    const gone = await api('GET', '/v1/hosts/compute-1');
    expect(gone.status).toBe(404);
    expect(gone.body.NeutronError.type).toBe('HostNotFound');
  });

  it('binds a port to a host not known yet as binding_failed, and for real once that host registers', async () => {
    await api('POST', '/v1/hosts', { host: { id: 'compute-5', tunnel_ip: '192.0.2.15', mac: '52:54:00:aa:bb:06' } });
    const network = (await api('POST', '/v2.0/networks', { network: { name: 'later' } })).body.network;
    await api('POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.51.0.0/24', ip_version: 4 } });
    const early = await api('POST', '/v2.0/ports', { port: { network_id: network.id, 'binding:host_id': 'compute-98' } });
    expect(early.status).toBe(201);
    expect(early.body.port).toMatchObject({ 'binding:host_id': 'compute-98', 'binding:vif_type': 'binding_failed', status: 'DOWN' });
    await api('POST', '/v2.0/ports', { port: { network_id: network.id, 'binding:host_id': 'compute-5' } });
    // Rebinding to another unknown host is accepted too, as Nova's rebinds are.
    const moved = await api('PUT', `/v2.0/ports/${early.body.port.id}`, { port: { 'binding:host_id': 'compute-99' } });
    expect(moved.status).toBe(200);
    expect(moved.body.port['binding:vif_type']).toBe('binding_failed');
    const neighborOf = async () => (await api('GET', '/southbound/v1/hosts/compute-5/goal-state')).body.goal_state.neighbor[early.body.port.id];
    // Known as a neighbor with no tunnel yet; the host registering gives it one.
    expect((await neighborOf()).tunnel_ip).toBeNull();
    expect((await api('POST', '/v1/hosts', { host: { id: 'compute-99', tunnel_ip: '192.0.2.99', mac: '52:54:00:aa:bb:99' } })).status).toBe(201);
    expect((await api('GET', `/v2.0/ports/${early.body.port.id}`)).body.port['binding:vif_type']).toBe('ovs');
    expect((await neighborOf()).tunnel_ip).toBe('192.0.2.99');
    expect((await api('GET', '/southbound/v1/hosts/compute-99/goal-state')).body.goal_state.port[early.body.port.id]).toBeDefined();
  });

  it('refuses a second registration, bad addresses and missing fields', async () => {
    await api('POST', '/v1/hosts', { host: { id: 'compute-2', tunnel_ip: '192.0.2.11', mac: '52:54:00:aa:bb:02' } });
    const twice = await api('POST', '/v1/hosts', { host: { id: 'compute-2', tunnel_ip: '192.0.2.12', mac: '52:54:00:aa:bb:03' } });
    expect(twice.status).toBe(409);
    expect(twice.body.NeutronError.type).toBe('HostAlreadyRegistered');
    const badIp = await api('POST', '/v1/hosts', { host: { id: 'compute-3', tunnel_ip: '300.1.1.1', mac: '52:54:00:aa:bb:04' } });
    expect(badIp.status).toBe(400);
    expect(badIp.body.NeutronError.type).toBe('InvalidInput');
    const badMac = await api('POST', '/v1/hosts', { host: { id: 'compute-3', tunnel_ip: '192.0.2.13', mac: 'not-a-mac' } });
    expect(badMac.status).toBe(400);
    expect((await api('POST', '/v1/hosts', { host: { id: 'compute-3', mac: '52:54:00:aa:bb:04' } })).status).toBe(400);
    expect((await api('PUT', '/v1/hosts/nowhere', { host: { name: 'x' } })).body.NeutronError.type).toBe('HostNotFound');
  });

  it('keeps a host that has bound ports', async () => {
    await api('POST', '/v1/hosts', { host: { id: 'compute-4', tunnel_ip: '192.0.2.14', mac: '52:54:00:aa:bb:05' } });
    const network = (await api('POST', '/v2.0/networks', { network: { name: 'h' } })).body.network;
    await api('POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.50.0.0/24', ip_version: 4 } });
    const port = (await api('POST', '/v2.0/ports', { port: { network_id: network.id, 'binding:host_id': 'compute-4' } })).body.port;
    // No agent has applied it: DOWN (the agent tests see it go ACTIVE).
    expect(port.status).toBe('DOWN');
    expect((await api('GET', '/v1/hosts/compute-4')).body.host.bound_ports).toBe(1);
    const inUse = await api('DELETE', '/v1/hosts/compute-4');
    expect(inUse.status).toBe(409);
    expect(inUse.body.NeutronError.type).toBe('HostInUse');
    await api('PUT', `/v2.0/ports/${port.id}`, { port: { 'binding:host_id': '' } });
    expect((await api('DELETE', '/v1/hosts/compute-4')).status).toBe(204);
  });
});
