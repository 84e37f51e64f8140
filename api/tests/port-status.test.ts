import { afterEach, describe, expect, it } from 'vitest';
import { portOf } from '../../domain/index.js';
import { Engine } from '../../engine/index.js';
import { Agent } from '../../southbound/agent/index.js';
import type { Datapath } from '../../southbound/datapath/datapath.js';
import { call, startNode } from '../../test-kit/in-process-node.js';
import { serverOn } from '../../test-kit/server-fixture.js';

type Server = Awaited<ReturnType<typeof serverOn>>;

const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

let server: Server | undefined;
const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.stop()));
  await server?.stop();
  await server?.remove();
  server = undefined;
});

const agentOf = (s: Server, hostId: string, datapath?: Datapath) => {
  const agent = new Agent({ hostId, server: s.url, backoff: { initialMs: 10, maxMs: 50 }, report: { server: s.url, intervalMs: 50 }, datapath });
  agents.push(agent);
  agent.start();
  return agent;
};

/** A server with hosts h1 and h2 and a network with a subnet; agents time out after 400 ms of silence. */
const world = async () => {
  const s = await serverOn(undefined, { agentTimeoutMs: 400, heartbeatMs: 50 });
  server = s;
  const api = (method: string, path: string, body?: unknown) => call(s.url, method, path, body);
  for (const [id, ip] of [['h1', '192.0.2.1'], ['h2', '192.0.2.2']])
    await api('POST', '/v1/hosts', { host: { id, tunnel_ip: ip, mac: `52:54:00:00:00:0${id[1]}` } });
  const network = (await api('POST', '/v2.0/networks', { network: { name: 'n' } })).body.network;
  await api('POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.9.0.0/24', ip_version: 4 } });
  const status = async (id: string): Promise<string> => (await api('GET', `/v2.0/ports/${id}`)).body.port.status;
  return { s, api, network, status };
};

describe('port status from the hosts', () => {
  it('is DOWN until the host\'s agent applied the port, ACTIVE after, DOWN when the agent goes silent, ACTIVE when it is back', async () => {
    const { s, api, network, status } = await world();
    const port = (await api('POST', '/v2.0/ports', { port: { network_id: network.id, 'binding:host_id': 'h1', device_owner: 'compute:nova' } })).body.port;
    expect(port.status).toBe('DOWN');
    // h2's agent applying its own stream says nothing about h1's port.
    agentOf(s, 'h2');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await status(port.id)).toBe('DOWN');

    const h1 = agentOf(s, 'h1');
    expect(await eventually(() => status(port.id), (v) => v === 'ACTIVE')).toBe('ACTIVE');
    expect(h1.status().seq).toBeGreaterThanOrEqual(s.streams.arrivals.of('h1').get(port.id)!);

    await h1.stop();
    expect(await eventually(() => status(port.id), (v) => v === 'DOWN')).toBe('DOWN');
    agentOf(s, 'h1');
    expect(await eventually(() => status(port.id), (v) => v === 'ACTIVE')).toBe('ACTIVE');

    // The status changes are events with the reporting host in their metadata, as history shows them.
    const events: { type: string; data: { status: string; reason: string }; metadata: { host?: string } }[] = [];
    for await (const event of s.engine.store.readAll(0)) if (event.type === 'PortStatusChanged') events.push(event as never);
    expect(events.map((e) => [e.data.status, e.data.reason, e.metadata.host])).toEqual([
      ['ACTIVE', 'agent_applied', 'h1'],
      ['DOWN', 'agent_silent', 'h1'],
      ['ACTIVE', 'agent_applied', 'h1'],
    ]);
    // A replay of the log decides nothing again: a fresh fold shows the same port, status and revision included.
    const replayed = await Engine.start(s.engine.store, []);
    try {
      expect(portOf(replayed.world, port.id)).toEqual(portOf(s.engine.world, port.id));
    } finally {
      await replayed.stop();
    }
  });

  it('stays DOWN while the host\'s datapath is still programming the seq that brought the port, ACTIVE once it is done', async () => {
    const { s, api, network, status } = await world();
    // A datapath that programs the snapshot at once and holds every diff until the test lets it go.
    let held = false;
    let release = () => {};
    let done = Promise.resolve();
    const datapath: Datapath = {
      adopt: () => {},
      apply: () => {
        if (held) return;
        held = true;
        done = new Promise((resolve) => (release = () => ((held = false), resolve())));
      },
      idle: () => done,
      close: async () => {},
    };
    const h1 = agentOf(s, 'h1', datapath);
    await eventually(async () => (await api('GET', '/v1/hosts/h1')).body.host.convergence, (c) => c.checksum === 'match');
    const port = (await api('POST', '/v2.0/ports', { port: { network_id: network.id, 'binding:host_id': 'h1' } })).body.port;
    const arrival = s.streams.arrivals.of('h1').get(port.id)!;
    await eventually(async () => h1.status().seq, (seq) => seq >= arrival);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h1.status().seq).toBeGreaterThanOrEqual(arrival);
    expect(await status(port.id)).toBe('DOWN');
    expect((await api('GET', '/v1/hosts/h1')).body.host.convergence.applied_seq).toBeLessThan(arrival);
    release();
    expect(await eventually(() => status(port.id), (v) => v === 'ACTIVE')).toBe('ACTIVE');
  });

  it('goes DOWN with the update that unbinds or downs the port, and ACTIVE on its new host once that host applied it', async () => {
    const { s, api, network, status } = await world();
    agentOf(s, 'h1');
    const port = (await api('POST', '/v2.0/ports', { port: { network_id: network.id, 'binding:host_id': 'h1' } })).body.port;
    await eventually(() => status(port.id), (v) => v === 'ACTIVE');
    const moved = await api('PUT', `/v2.0/ports/${port.id}`, { port: { 'binding:host_id': 'h2' } });
    expect(moved.body.port.status).toBe('DOWN');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await status(port.id)).toBe('DOWN');
    agentOf(s, 'h2');
    expect(await eventually(() => status(port.id), (v) => v === 'ACTIVE')).toBe('ACTIVE');
    expect((await api('PUT', `/v2.0/ports/${port.id}`, { port: { admin_state_up: false } })).body.port.status).toBe('DOWN');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await status(port.id)).toBe('DOWN');
  });

  it('tells an agent whose checksum differs at the host\'s seq to resync, and counts it', async () => {
    const { s, api } = await world();
    const seq = s.streams.seqOf('h1');
    const wrong = await api('POST', '/southbound/v1/hosts/h1/report', { seq, checksum: 'f'.repeat(64) });
    expect(wrong.body).toEqual({ seq, resync: true });
    for (const checksum of ['not-the-checksum', 'F'.repeat(64), '0'.repeat(63), '0'.repeat(65)]) {
      const malformed = await api('POST', '/southbound/v1/hosts/h1/report', { seq, checksum });
      expect([malformed.status, malformed.body.NeutronError?.type, malformed.body.NeutronError?.message]).toEqual([
        400,
        'HTTPBadRequest',
        'A report is {"seq": N, "checksum": "<64 lowercase hex digits>"}.',
      ]);
    }
    const right = await api('POST', '/southbound/v1/hosts/h1/report', { seq, checksum: s.streams.checksumOf('h1') });
    expect(right.body).toEqual({ seq, resync: false });
    expect((await api('POST', '/southbound/v1/hosts/h1/report', { seq: 'x' })).status).toBe(400);
    expect((await api('POST', '/southbound/v1/hosts/ghost/report', { seq: 1, checksum: 'c' })).status).toBe(404);
  });
});

describe('the agents API and the hosts\' convergence', () => {
  it("lists one Neutron agent per host, alive while it reports, and shows each host's applied seq, lag and checksum state", async () => {
    const { s, api } = await world();
    const h1 = agentOf(s, 'h1');
    await eventually(async () => (await api('GET', '/v1/hosts/h1')).body.host.convergence, (c) => c.checksum === 'match');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const agents = (await api('GET', '/v2.0/agents')).body.agents;
    expect(agents.map((a: any) => [a.host, a.alive, a.agent_type, a.admin_state_up])).toEqual([
      ['h1', true, 'netledger agent', true],
      ['h2', false, 'netledger agent', true],
    ]);
    expect(agents[0].heartbeat_timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect((await api('GET', `/v2.0/agents/${agents[0].id}`)).body.agent.host).toBe('h1');
    expect((await api('GET', '/v2.0/agents?host=h2')).body.agents.map((a: any) => a.host)).toEqual(['h2']);
    expect((await api('GET', '/v2.0/agents/nope')).status).toBe(404);
    const h1View = (await api('GET', '/v1/hosts/h1')).body.host.convergence;
    expect(h1View).toMatchObject({ seq: s.streams.seqOf('h1'), applied_seq: h1.status().seq, lag_seqs: 0, checksum: 'match', alive: true });
    expect((await api('GET', '/v1/hosts/h2')).body.host.convergence).toMatchObject({ applied_seq: 0, checksum: 'unreported', alive: false });
  });
});

describe('port status in history', () => {
  it('shows as of a moment whether the port was ACTIVE then: DOWN before its host applied it, ACTIVE from that event on', async () => {
    const node = await startNode();
    const agent = new Agent({ hostId: 'hist-1', server: node.url, backoff: { initialMs: 10, maxMs: 50 }, report: { server: node.url, intervalMs: 100 } });
    try {
      const api = (method: string, path: string, body?: unknown) => call(node.url, method, path, body);
      await api('POST', '/v1/hosts', { host: { id: 'hist-1', tunnel_ip: '192.0.2.61', mac: '52:54:00:00:06:01' } });
      const network = (await api('POST', '/v2.0/networks', { network: { name: 'h' } })).body.network;
      await api('POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.61.0.0/24', ip_version: 4 } });
      const port = (await api('POST', '/v2.0/ports', { port: { network_id: network.id, 'binding:host_id': 'hist-1' } })).body.port;
      agent.start();
      await eventually(async () => (await api('GET', `/v2.0/ports/${port.id}`)).body.port.status, (status) => status === 'ACTIVE');
      let at = 0;
      for await (const event of node.engine.store.readAll(0)) if (event.type === 'PortStatusChanged') at = event.position;
      expect(at).toBeGreaterThan(0);
      expect((await api('GET', `/v2.0/ports/${port.id}?as_of=${at - 1}`)).body.port.status).toBe('DOWN');
      expect((await api('GET', `/v2.0/ports/${port.id}?as_of=${at}`)).body.port.status).toBe('ACTIVE');
    } finally {
      await agent.stop();
      await node.close();
    }
  });
});
