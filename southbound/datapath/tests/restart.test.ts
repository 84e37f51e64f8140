import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, canRunKernelTests, inNetns, sh, type LabHost } from '../../../test-kit/lab.js';
import { api, eventually, startLabAgent, type LabAgent } from '../../../test-kit/lab-cloud.js';
import { startServer, stopGracefully, type ServerProcess } from '../../../test-kit/server-process.js';
import { OWNED_PREFIX, vxlanOf } from '../names.js';

const runs = await canRunKernelTests();
if (!runs && process.env.CI === 'true') throw new Error('the kernel tests need root, iproute2, nftables, dnsmasq, ping and busybox');

describe.skipIf(!runs)('the Linux datapath across an agent restart (issue 21, case 7)', () => {
  const lab = new Lab();
  let server: ServerProcess | undefined;
  let dir = '';
  let hosts: LabHost[] = [];
  let client: ReturnType<typeof api>;
  let network = '';

  const port = async (host: number) => {
    const created = await client.post('/v2.0/ports', { port: { network_id: network, 'binding:host_id': `h${host}` } });
    expect(created.status).toBe(201);
    const { id, mac_address, fixed_ips } = created.body.port as { id: string; mac_address: string; fixed_ips: { ip_address: string }[] };
    const vm = await lab.vm(hosts[host - 1], id, mac_address);
    const ip = fixed_ips[0].ip_address;
    await inNetns(vm.netns, 'ip', 'addr', 'add', `${ip}/24`, 'dev', 'eth0');
    return { id, ip, mac: mac_address, vm };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'netledger-restart-'));
    await chmod(dir, 0o755);
    await lab.start();
    hosts = [await lab.host(1), await lab.host(2)];
    server = await startServer(['--data-dir', join(dir, 'data')]);
    client = api(server.url);
    for (const [i, host] of hosts.entries())
      expect((await client.post('/v1/hosts', { host: { id: `h${i + 1}`, name: `h${i + 1}`, tunnel_ip: host.tunnelIp, mac: `02:00:00:00:03:0${i + 1}` } })).status).toBe(201);
    network = (await client.post('/v2.0/networks', { network: { name: 'restart' } })).body.network.id;
    expect((await client.post('/v2.0/subnets', { subnet: { network_id: network, ip_version: 4, cidr: '10.2.0.0/24' } })).status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    if (server) await stopGracefully(server);
    await lab.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('kill -9 during a ping, change the goal state, restart: no packet lost, the change in the kernel, the stale gone, checksums equal', { timeout: 120_000 }, async () => {
    const agents: LabAgent[] = hosts.map((host, i) => startLabAgent(lab, server!.url, `h${i + 1}`, host, join(dir, `state-${i + 1}`)));
    const a = await port(1);
    const b = await port(2);
    const leaving = await port(2);
    await eventually('a pings b and the port that will leave', async () =>
      (await inNetns(a.vm.netns, 'ping', '-c', '1', '-W', '1', b.ip).then(() => true, () => false)) &&
      (await inNetns(a.vm.netns, 'ping', '-c', '1', '-W', '1', leaving.ip).then(() => true, () => false)));

    // One ping every 20 ms, from before the kill until the restarted agent has caught up.
    const ping = lab.spawnIn(a.vm.netns, 'ping', ['-i', '0.02', '-W', '1', b.ip]);
    let pingOutput = '';
    ping.stdout!.on('data', (chunk: Buffer) => (pingOutput += chunk.toString()));
    const pingDone = new Promise((resolve) => ping.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 500));
    agents[0].kill();
    const arriving = await port(2);
    expect((await client.del(`/v2.0/ports/${leaving.id}`)).status).toBe(204);
    // Something of the agent's own that no goal state wants (a device under its prefix).
    const stale = `${OWNED_PREFIX}bstale00000`;
    await sh('ip', '-n', hosts[0].netns, 'link', 'add', stale, 'type', 'bridge');
    const restarted = startLabAgent(lab, server!.url, 'h1', hosts[0], join(dir, 'state-1'));

    const neighbors = () => inNetns(hosts[0].netns, 'ip', 'neigh', 'show', 'dev', vxlanOf(network));
    await eventually('the new port is a neighbor on h1', async () => (await neighbors()).includes(`${arriving.ip} `));
    await eventually('the deleted port is gone from h1', async () => !(await neighbors()).includes(`${leaving.ip} `));
    await eventually('the stale device is removed', async () => !(await sh('ip', '-n', hosts[0].netns, 'link', 'show')).includes(stale));
    await eventually('a pings the new port', () => inNetns(a.vm.netns, 'ping', '-c', '1', '-W', '1', arriving.ip).then(() => true, () => false));
    const expected = (await client.get('/southbound/v1/hosts/h1/goal-state')).body as { seq: number; checksum: string };
    await eventually('h1 reports the server\'s checksum', () => restarted.status()?.seq === expected.seq && restarted.status()?.checksum === expected.checksum);

    ping.kill('SIGINT');
    await pingDone;
    const [, sent, received] = /(\d+) packets transmitted, (\d+) received/.exec(pingOutput)!;
    expect(Number(sent)).toBeGreaterThan(100);
    expect(Number(received)).toBe(Number(sent));
  });
});
