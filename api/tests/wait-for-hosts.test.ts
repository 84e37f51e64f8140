import { afterEach, describe, expect, it } from 'vitest';
import { Agent } from '../../southbound/agent/index.js';
import { call } from '../../test-kit/in-process-node.js';
import { serverOn } from '../../test-kit/server-fixture.js';

type Server = Awaited<ReturnType<typeof serverOn>>;

let server: Server | undefined;
const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.stop()));
  const stopping = server;
  server = undefined;
  await stopping?.stop();
  await stopping?.remove();
});

describe('a write that waits for the hosts it changed (?wait=hosts)', () => {
  it('answers once exactly the touched hosts applied it, and 202 naming the one that did not, within the timeout', { timeout: 60_000 }, async () => {
    const s = await serverOn(undefined, { heartbeatMs: 50 });
    server = s;
    const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(s.url, method, path, body, headers);
    const byHost = new Map<string, Agent>();
    for (const [id, ip] of [['h1', '192.0.2.1'], ['h2', '192.0.2.2'], ['h3', '192.0.2.3']]) {
      await api('POST', '/v1/hosts', { host: { id, tunnel_ip: ip, mac: `52:54:00:00:00:0${id[1]}` } });
      const agent = new Agent({ hostId: id, server: s.url, backoff: { initialMs: 10, maxMs: 50 }, report: { server: s.url, intervalMs: 1000 } });
      agents.push(agent);
      byHost.set(id, agent);
      agent.start();
    }
    const network = (await api('POST', '/v2.0/networks', { network: { name: 'w' } })).body.network;
    await api('POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.8.0.0/24', ip_version: 4 } });
    // h3 runs a port of another project's network (its own default security group): nothing here concerns it.
    const other = { 'x-project-id': 'other' };
    const elsewhere = (await api('POST', '/v2.0/networks', { network: { name: 'x' } }, other)).body.network;
    await api('POST', '/v2.0/subnets', { subnet: { network_id: elsewhere.id, cidr: '10.7.0.0/24', ip_version: 4 } }, other);
    expect((await api('POST', '/v2.0/ports', { port: { network_id: elsewhere.id, 'binding:host_id': 'h3' } }, other)).status).toBe(201);

    const first = await api('POST', '/v2.0/ports?wait=hosts&timeout=5', { port: { network_id: network.id, 'binding:host_id': 'h1' } });
    expect(first.status).toBe(201);
    expect(first.headers.get('x-netledger-waited-for')).toBe('h1');
    expect(byHost.get('h1')!.status().seq).toBe(s.streams.seqOf('h1'));

    // A second port on h2: h2 gets the port, h1 its neighbor; h3 nothing.
    const second = await api('POST', '/v2.0/ports', { port: { network_id: network.id, 'binding:host_id': 'h2' } }, { 'x-netledger-wait': 'hosts' });
    expect(second.status).toBe(201);
    expect(second.headers.get('x-netledger-waited-for')).toBe('h1, h2');
    expect(byHost.get('h2')!.status().seq).toBe(s.streams.seqOf('h2'));

    await byHost.get('h2')!.stop();
    const started = Date.now();
    const third = await api('POST', '/v2.0/ports?wait=hosts&timeout=1', { port: { network_id: network.id, 'binding:host_id': 'h1' } });
    const took = Date.now() - started;
    expect(third.status).toBe(202);
    expect(third.body.port.network_id).toBe(network.id);
    expect(third.headers.get('x-netledger-waited-for')).toBe('h1, h2');
    expect(third.headers.get('x-netledger-not-applied')).toBe('h2');
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(3000);

    // Without asking, a write never waits; a bad ask is a 400.
    const plain = await api('PUT', `/v2.0/ports/${third.body.port.id}`, { port: { name: 'p' } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('x-netledger-waited-for')).toBeNull();
    expect((await api('PUT', `/v2.0/ports/${third.body.port.id}?wait=everything`, { port: { name: 'q' } })).status).toBe(400);
    expect((await api('PUT', `/v2.0/ports/${third.body.port.id}?wait=hosts&timeout=-1`, { port: { name: 'q' } })).status).toBe(400);
  });
});
