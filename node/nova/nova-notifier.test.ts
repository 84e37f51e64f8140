import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent } from '../../southbound/agent/index.js';
import { addInterface, createFloatingIp, createNetwork, createPort, createRouter, createSubnet, mapFloatingIp } from '../../test-kit/commands.js';
import { call } from '../../test-kit/in-process-node.js';
import { startNovaDouble, type NovaDouble } from '../../test-kit/nova-double.js';
import { until } from '../../test-kit/until.js';
import { serverOn } from '../../test-kit/server-fixture.js';
import { NovaNotifier } from './nova-notifier.js';

type Server = Awaited<ReturnType<typeof serverOn>>;

let server: Server | undefined;
let nova: NovaDouble | undefined;
let notifier: NovaNotifier | undefined;
const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.stop()));
  await notifier?.stop();
  await server?.stop();
  await server?.remove();
  await nova?.close();
});

const setUp = async () => {
  server = await serverOn(undefined, { agentTimeoutMs: 400, heartbeatMs: 50 });
  nova = await startNovaDouble();
  notifier = new NovaNotifier(server.engine.world, { novaUrl: nova.url, batchMs: 50, backoff: { initialMs: 20, maxMs: 100 } });
  notifier.start(server.engine.store);
  const url = server.url;
  const api = (method: string, path: string, body?: unknown) => call(url, method, path, body);
  await api('POST', '/v1/hosts', { host: { id: 'h1', tunnel_ip: '192.0.2.1', mac: '52:54:00:00:00:01' } });
  const network = (await api('POST', '/v2.0/networks', { network: { name: 'n' } })).body.network;
  const subnet = (await api('POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.9.0.0/24', ip_version: 4 } })).body.subnet;
  const startAgent = () => {
    const agent = new Agent({ hostId: 'h1', server: url, backoff: { initialMs: 10, maxMs: 50 }, report: { server: url, intervalMs: 50 } });
    agents.push(agent);
    agent.start();
    return agent;
  };
  return { api, network, subnet, startAgent, nova: nova!, notifier: notifier! };
};

const names = (nova: NovaDouble, tag: string) => nova.events().filter((e) => e.tag === tag).map((e) => e.name);

describe("Nova notifier (Neutron's os-server-external-events)", () => {
  it('tells Nova vif-plugged once when its port goes ACTIVE, vif-unplugged when its agent goes silent, plugged again when it is back', async () => {
    const { api, network, startAgent, nova } = await setUp();
    const server = randomUUID();
    const port = (await api('POST', '/v2.0/ports', { port: { network_id: network.id, 'binding:host_id': 'h1', device_owner: 'compute:nova', device_id: server } })).body.port;
    const agent = startAgent();
    await until(() => names(nova, port.id).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(nova.events().filter((e) => e.tag === port.id)).toEqual([{ name: 'network-vif-plugged', server_uuid: server, status: 'completed', tag: port.id }]);
    await agent.stop();
    await until(() => names(nova, port.id).length === 2);
    expect(names(nova, port.id)).toEqual(['network-vif-plugged', 'network-vif-unplugged']);
    startAgent();
    await until(() => names(nova, port.id).length === 3);
    expect(names(nova, port.id)).toEqual(['network-vif-plugged', 'network-vif-unplugged', 'network-vif-plugged']);
    expect(nova.refused).toEqual([]);
  });

  it('says network-changed when the fixed IPs change and vif-deleted when the port goes; nothing about ports that are no server\'s', async () => {
    const { api, network, subnet, startAgent, nova } = await setUp();
    startAgent();
    const server = randomUUID();
    const port = (await api('POST', '/v2.0/ports', { port: { network_id: network.id, 'binding:host_id': 'h1', device_owner: 'compute:nova', device_id: server } })).body.port;
    const other = (await api('POST', '/v2.0/ports', { port: { network_id: network.id, 'binding:host_id': 'h1', device_owner: 'network:dhcp' } })).body.port;
    await until(() => names(nova, port.id).length === 1);
    await api('PUT', `/v2.0/ports/${port.id}`, { port: { fixed_ips: [{ subnet_id: subnet.id, ip_address: '10.9.0.77' }] } });
    await api('DELETE', `/v2.0/ports/${port.id}`);
    await until(() => names(nova, port.id).length === 3);
    expect(names(nova, port.id)).toEqual(['network-vif-plugged', 'network-changed', 'network-vif-deleted']);
    expect(nova.events().find((e) => e.name === 'network-vif-deleted')).toEqual({ name: 'network-vif-deleted', server_uuid: server, tag: port.id });
    expect(names(nova, other.id)).toEqual([]);
    expect(nova.refused).toEqual([]);
  });

  it("says network-changed to the server whose port a floating IP is mapped onto, moved from or released from", async () => {
    const { nova } = await setUp();
    const run = server!.run;
    const vm = randomUUID();
    for (const command of [
      createNetwork('ext', { 'router:external': true }),
      createSubnet('ext-sub', 'ext', '203.0.113.0/24', { enable_dhcp: false }),
      createNetwork('lan'),
      createSubnet('lan-sub', 'lan', '10.0.0.0/24'),
      createPort('vm-port', 'lan', { device_owner: 'compute:nova', device_id: vm }),
      createPort('other-port', 'lan', { device_owner: 'network:dhcp' }),
      createRouter('r1', { external_gateway_info: { network_id: 'ext' } }),
      addInterface('r1', { subnet_id: 'lan-sub' }),
      createFloatingIp('fip', 'ext'),
      mapFloatingIp('fip', 'vm-port'),
      mapFloatingIp('fip', 'other-port'),
      mapFloatingIp('fip', 'vm-port'),
      mapFloatingIp('fip', null),
    ])
      await run(command);
    // Mapped onto it, moved away from it, moved back, released: four changes of the server's network.
    await until(() => nova.events().length === 4);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(nova.events()).toEqual([1, 2, 3, 4].map(() => ({ name: 'network-changed', server_uuid: vm, tag: 'vm-port' })));
    expect(nova.refused).toEqual([]);
  });

  it('never makes a write wait for a dead Nova: it counts the failures and sends the same events, in order, once Nova is back', async () => {
    const { api, network, startAgent, nova, notifier } = await setUp();
    nova.setDown(true);
    startAgent();
    const ports: string[] = [];
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const created = await api('POST', '/v2.0/ports', { port: { network_id: network.id, 'binding:host_id': 'h1', device_owner: 'compute:nova', device_id: randomUUID() } });
      expect(created.status).toBe(201);
      expect(Date.now() - started).toBeLessThan(2000);
      ports.push(created.body.port.id);
    }
    await until(() => notifier.figures.failures >= 3);
    expect(nova.events()).toEqual([]);
    nova.setDown(false);
    await until(() => nova.events().length === 3);
    expect(nova.events().map((e) => [e.name, e.tag]).sort()).toEqual(ports.map((id) => ['network-vif-plugged', id]).sort());
    await until(() => notifier.figures.sent === 3);
    expect(notifier.figures.refused).toBe(0);
  });
});
