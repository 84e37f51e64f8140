import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnAgent } from '../../test-kit/agent-process.js';
import { serverWithDataDir } from '../../test-kit/server-with-data-dir.js';

const HOSTS = ['compute-a', 'compute-b', 'compute-c'];

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** A `netledger agent` process; its last status line is what it holds. */
const startAgent = (host: string, url: string, statusPort?: number) =>
  spawnAgent(['--host', host, '--server', url, ...(statusPort ? ['--status-port', String(statusPort)] : [])]);

const post = (url: string, path: string, body: unknown) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

describe('agents as processes (issue 4, done means)', () => {
  const node = serverWithDataDir('netledger-agents-');
  const children: ChildProcess[] = [];
  // Registered after the fixture, so it runs before the fixture's (hooks run as a stack): agents go first, as before.
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
  });

  it('end with exactly the goal state the server computes, through kill -9 of the server and of an agent', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const url = (await node.start('--port', String(port))).url;
    for (const [i, id] of HOSTS.entries())
      expect((await post(url, '/v1/hosts', { host: { id, name: id, tunnel_ip: `192.0.2.${i + 1}`, mac: `02:00:00:00:01:0${i + 1}` } })).status).toBe(201);
    const network = (await post(url, '/v2.0/networks', { network: { name: 'tenant' } })).body.network.id;
    await post(url, '/v2.0/subnets', { subnet: { network_id: network, ip_version: 4, cidr: '10.20.0.0/24' } });
    const agents = new Map(HOSTS.map((h) => [h, startAgent(h, url)]));
    for (const agent of agents.values()) children.push(agent.child);
    const createPorts = async (count: number) => {
      for (let i = 0; i < count; i++)
        expect((await post(url, '/v2.0/ports', { port: { network_id: network, 'binding:host_id': HOSTS[i % HOSTS.length] } })).status).toBe(201);
    };
    await createPorts(9);
    await node.kill();
    await node.restart();
    await createPorts(6);
    const restarted = agents.get('compute-b')!;
    restarted.child.kill('SIGKILL');
    const statusPort = await freePort();
    const again = startAgent('compute-b', url, statusPort);
    children.push(again.child);
    agents.set('compute-b', again);
    await createPorts(6);

    const serverState = async (host: string) => (await (await fetch(`${url}/southbound/v1/hosts/${host}/goal-state`)).json()) as { seq: number; checksum: string };
    const deadline = Date.now() + 60_000;
    for (const host of HOSTS) {
      const expected = await serverState(host);
      expect(expected.seq).toBeGreaterThan(0);
      while (agents.get(host)!.status()?.checksum !== expected.checksum && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(agents.get(host)!.status()).toMatchObject({ seq: expected.seq, checksum: expected.checksum });
    }
    // The restarted agent also serves its status, for anyone to compare with the server's.
    const served = (await (await fetch(`http://127.0.0.1:${statusPort}/`)).json()) as { seq: number; checksum: string };
    const { seq, checksum } = await serverState('compute-b');
    expect(served).toMatchObject({ seq, checksum });
  });
});
