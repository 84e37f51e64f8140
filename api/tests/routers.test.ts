import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

let node: InProcessNode;
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(node.url, method, path, body, headers);

const networkWithSubnet = async (name: string, cidr: string) => {
  const network = (await api('POST', '/v2.0/networks', { network: { name } })).body.network;
  const subnet = (await api('POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr, ip_version: 4 } })).body.subnet;
  return { network, subnet };
};

beforeAll(async () => {
  node = await startNode();
});
afterAll(() => node.close());

describe('routers over HTTP', () => {
  it('creates, shows, lists, updates and deletes a router', async () => {
    const created = await api('POST', '/v2.0/routers', { router: { name: 'r', admin_state_up: true } });
    expect(created.status).toBe(201);
    const router = created.body.router;
    expect(router).toMatchObject({ name: 'r', status: 'ACTIVE', routes: [], external_gateway_info: null, project_id: 'admin', revision_number: 0 });
    expect((await api('GET', `/v2.0/routers/${router.id}`)).body.router.id).toBe(router.id);
    expect((await api('GET', '/v2.0/routers?name=r')).body.routers.map((r: any) => r.id)).toContain(router.id);
    const updated = await api('PUT', `/v2.0/routers/${router.id}`, { router: { name: 'r2', description: 'edge' } });
    expect(updated.body.router).toMatchObject({ name: 'r2', description: 'edge', revision_number: 1 });
    expect((await api('DELETE', `/v2.0/routers/${router.id}`, undefined, { 'if-match': 'revision_number=0' })).status).toBe(412);
    expect((await api('DELETE', `/v2.0/routers/${router.id}`)).status).toBe(204);
    const gone = await api('GET', `/v2.0/routers/${router.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.NeutronError.type).toBe('RouterNotFound');
  });

  it('refuses routes on create, as Neutron does, and a gateway on a network that is not external', async () => {
    expect((await api('POST', '/v2.0/routers', { router: { routes: [] } })).status).toBe(400);
    const { network } = await networkWithSubnet('internal', '10.40.0.0/24');
    const bad = await api('POST', '/v2.0/routers', { router: { external_gateway_info: { network_id: network.id } } });
    expect(bad.status).toBe(400);
    expect(bad.body.NeutronError.type).toBe('BadRequest');
    const external = (await api('POST', '/v2.0/networks', { network: { name: 'public', 'router:external': true } })).body.network;
    const good = await api('POST', '/v2.0/routers', { router: { external_gateway_info: { network_id: external.id } } });
    expect(good.status).toBe(201);
    expect(good.body.router.external_gateway_info).toMatchObject({ network_id: external.id, enable_snat: true });
  });

  it('adds and removes interfaces by subnet and by port, with Neutron answers', async () => {
    const router = (await api('POST', '/v2.0/routers', { router: { name: 'joiner' } })).body.router;
    const a = await networkWithSubnet('a', '10.41.0.0/24');
    const b = await networkWithSubnet('b', '10.42.0.0/24');

    const bySubnet = await api('PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: a.subnet.id });
    expect(bySubnet.status).toBe(200);
    expect(bySubnet.body).toMatchObject({ id: router.id, subnet_id: a.subnet.id, subnet_ids: [a.subnet.id], network_id: a.network.id, project_id: 'admin', tenant_id: 'admin' });
    const gatewayPort = (await api('GET', `/v2.0/ports/${bySubnet.body.port_id}`)).body.port;
    expect(gatewayPort).toMatchObject({ device_id: router.id, device_owner: 'network:router_interface', fixed_ips: [{ subnet_id: a.subnet.id, ip_address: '10.41.0.1' }] });

    const again = await api('PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: a.subnet.id });
    expect(again.status).toBe(400);
    expect(again.body.NeutronError.type).toBe('BadRequest');

    const port = (await api('POST', '/v2.0/ports', { port: { network_id: b.network.id, fixed_ips: [{ ip_address: '10.42.0.10' }] } })).body.port;
    const byPort = await api('PUT', `/v2.0/routers/${router.id}/add_router_interface`, { port_id: port.id });
    expect(byPort.status).toBe(200);
    expect(byPort.body).toMatchObject({ id: router.id, port_id: port.id, subnet_id: b.subnet.id, network_id: b.network.id });

    const inUse = await api('DELETE', `/v2.0/routers/${router.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.NeutronError.type).toBe('RouterInUse');
    const portInUse = await api('DELETE', `/v2.0/subnets/${a.subnet.id}`);
    expect(portInUse.status).toBe(409);

    const removed = await api('PUT', `/v2.0/routers/${router.id}/remove_router_interface`, { subnet_id: a.subnet.id });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ id: router.id, port_id: bySubnet.body.port_id, subnet_id: a.subnet.id });
    expect((await api('GET', `/v2.0/ports/${bySubnet.body.port_id}`)).status).toBe(404);
    const removedPort = await api('PUT', `/v2.0/routers/${router.id}/remove_router_interface`, { port_id: port.id });
    expect(removedPort.body).toMatchObject({ port_id: port.id, subnet_ids: [b.subnet.id] });

    const notThere = await api('PUT', `/v2.0/routers/${router.id}/remove_router_interface`, { subnet_id: a.subnet.id });
    expect(notThere.status).toBe(404);
    expect(notThere.body.NeutronError.type).toBe('RouterInterfaceNotFoundForSubnet');
    expect((await api('DELETE', `/v2.0/routers/${router.id}`)).status).toBe(204);
  });

  it('answers 400 and 404 for interface calls that name nothing, both, or what does not exist', async () => {
    const router = (await api('POST', '/v2.0/routers', { router: {} })).body.router;
    const { subnet } = await networkWithSubnet('c', '10.43.0.0/24');
    const none = await api('PUT', `/v2.0/routers/${router.id}/add_router_interface`, {});
    expect(none.status).toBe(400);
    const both = await api('PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: subnet.id, port_id: subnet.id });
    expect(both.status).toBe(404);
    const noSubnet = await api('PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: 'f0000000-0000-0000-0000-000000000000' });
    expect(noSubnet.status).toBe(404);
    expect(noSubnet.body.NeutronError.type).toBe('SubnetNotFound');
    const noRouter = await api('PUT', '/v2.0/routers/f0000000-0000-0000-0000-000000000000/add_router_interface', { subnet_id: subnet.id });
    expect(noRouter.status).toBe(404);
    expect(noRouter.body.NeutronError.type).toBe('RouterNotFound');
    const extra = await api('PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: subnet.id, colour: 'red' });
    expect(extra.status).toBe(400);
  });

  it('sets routes by update and by add/remove_extraroutes, and keeps an interface that a route needs', async () => {
    const router = (await api('POST', '/v2.0/routers', { router: { name: 'routed' } })).body.router;
    const { subnet } = await networkWithSubnet('d', '10.44.0.0/24');
    await api('PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: subnet.id });

    const unreachable = await api('PUT', `/v2.0/routers/${router.id}`, { router: { routes: [{ destination: '172.16.0.0/16', nexthop: '10.99.0.5' }] } });
    expect(unreachable.status).toBe(400);
    expect(unreachable.body.NeutronError.type).toBe('InvalidRoutes');

    const set = await api('PUT', `/v2.0/routers/${router.id}`, { router: { routes: [{ destination: '172.16.0.0/16', nexthop: '10.44.0.5' }] } });
    expect(set.status).toBe(200);
    expect(set.body.router.routes).toEqual([{ destination: '172.16.0.0/16', nexthop: '10.44.0.5' }]);

    const added = await api('PUT', `/v2.0/routers/${router.id}/add_extraroutes`, {
      router: { routes: [{ destination: '172.16.0.0/16', nexthop: '10.44.0.5' }, { destination: '192.168.0.0/24', nexthop: '10.44.0.6' }] },
    });
    expect(added.status).toBe(200);
    expect(added.body.router.routes).toEqual([
      { destination: '172.16.0.0/16', nexthop: '10.44.0.5' },
      { destination: '192.168.0.0/24', nexthop: '10.44.0.6' },
    ]);

    const needed = await api('PUT', `/v2.0/routers/${router.id}/remove_router_interface`, { subnet_id: subnet.id });
    expect(needed.status).toBe(409);
    expect(needed.body.NeutronError.type).toBe('RouterInterfaceInUseByRoute');

    const stale = await api('PUT', `/v2.0/routers/${router.id}/remove_extraroutes`, { router: { routes: [] } }, { 'if-match': 'revision_number=0' });
    expect(stale.status).toBe(412);
    const removed = await api('PUT', `/v2.0/routers/${router.id}/remove_extraroutes`, {
      router: { routes: [{ destination: '172.16.0.0/16', nexthop: '10.44.0.5' }, { destination: '192.168.0.0/24', nexthop: '10.44.0.6' }] },
    });
    expect(removed.body.router.routes).toEqual([]);
    expect((await api('PUT', `/v2.0/routers/${router.id}/remove_router_interface`, { subnet_id: subnet.id })).status).toBe(200);
  });
});
