import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Agent } from '../../southbound/agent/index.js';
import { getFromServer, textOf } from '../../southbound/agent/server-request.js';
import { startServer, stopGracefully, type ServerProcess } from '../../test-kit/server-process.js';

const HOST = 'compute-tls';

const post = (url: string, ca: Buffer, body: unknown) =>
  new Promise<number>((resolve, reject) => {
    const r = request(url, { method: 'POST', ca, headers: { 'content-type': 'application/json' } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    r.once('error', reject);
    r.end(JSON.stringify(body));
  });

describe('serve --tls-cert/--tls-key and agent --ca', () => {
  let dir = '';
  let server: ServerProcess | undefined;
  const agents: Agent[] = [];
  afterAll(async () => {
    for (const agent of agents) await agent.stop();
    if (server) await stopGracefully(server);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the agent follows the watch over https trusting the certificate it is given, and refuses one it is not', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'netledger-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
      '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const ca = await readFile(cert);
    server = await startServer(['--data-dir', join(dir, 'data'), '--tls-cert', cert, '--tls-key', key]);
    expect(server.url).toMatch(/^https:/);
    expect(await post(`${server.url}/v1/hosts`, ca, { host: { id: HOST, name: HOST, tunnel_ip: '192.0.2.1', mac: '02:00:00:00:01:01' } })).toBe(201);

    const trusting = new Agent({ hostId: HOST, server: server.url, ca, backoff: { initialMs: 10, maxMs: 100 } });
    const untrusting = new Agent({ hostId: HOST, server: server.url, backoff: { initialMs: 10, maxMs: 100 } });
    agents.push(trusting, untrusting);
    trusting.start();
    untrusting.start();
    expect(await post(`${server.url}/v2.0/networks`, ca, { network: { name: 'tls' } })).toBe(201);
    // A network reaches a host only with a port there.
    const networks = JSON.parse(await textOf(await getFromServer(new URL('/v2.0/networks', server.url), { ca }, AbortSignal.timeout(5000)))).networks;
    expect(await post(`${server.url}/v2.0/ports`, ca, { port: { network_id: networks[0].id, 'binding:host_id': HOST } })).toBe(201);

    const goalState = new URL(`/southbound/v1/hosts/${HOST}/goal-state`, server.url);
    const expected = JSON.parse(await textOf(await getFromServer(goalState, { ca }, AbortSignal.timeout(5000)))) as { seq: number; checksum: string };
    expect(expected.seq).toBeGreaterThan(0);
    const deadline = Date.now() + 20_000;
    while (trusting.status().seq !== expected.seq && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(trusting.status()).toMatchObject({ seq: expected.seq, checksum: expected.checksum, connected: true });
    expect(untrusting.status()).toMatchObject({ seq: 0, connected: false });
    expect(untrusting.status().reconnects).toBeGreaterThan(0);
  });
});
