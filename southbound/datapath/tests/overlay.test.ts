import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, canRunKernelTests, inNetns, sh, type LabHost, type LabVm } from '../../../test-kit/lab.js';
import { api, eventually, startLabAgent } from '../../../test-kit/lab-cloud.js';
import { startServer, stopGracefully, type ServerProcess } from '../../../test-kit/server-process.js';
import { bridgeOf, vxlanOf } from '../names.js';

const runs = await canRunKernelTests();
if (!runs && process.env.CI === 'true') throw new Error('the kernel tests need root, iproute2, nftables, dnsmasq, ping and busybox');

const pings = (vm: LabVm, address: string, count = 1) =>
  inNetns(vm.netns, 'ping', '-c', String(count), '-W', '1', '-i', '0.2', address).then(() => true, () => false);

const links = async (host: LabHost): Promise<string[]> => (JSON.parse(await sh('ip', '-n', host.netns, '-j', 'link', 'show')) as { ifname: string }[]).map((l) => l.ifname);

describe.skipIf(!runs)('the Linux datapath: an L2 overlay between hosts (issue 21, cases 1, 2, 3, 6)', () => {
  const lab = new Lab();
  let server: ServerProcess | undefined;
  let dir = '';
  let hosts: LabHost[] = [];
  let client: ReturnType<typeof api>;
  let network = '';

  const port = async (host: number, name: string) => {
    const created = await client.post('/v2.0/ports', { port: { network_id: network, name, 'binding:host_id': `h${host}` } });
    expect(created.status).toBe(201);
    const { id, mac_address, fixed_ips } = created.body.port as { id: string; mac_address: string; fixed_ips: { ip_address: string }[] };
    const vm = await lab.vm(hosts[host - 1], id, mac_address);
    const ip = fixed_ips[0].ip_address;
    await inNetns(vm.netns, 'ip', 'addr', 'add', `${ip}/24`, 'dev', 'eth0');
    return { id, mac: mac_address, ip, vm };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'netledger-overlay-'));
    // dnsmasq reads its hosts file after dropping to nobody.
    await chmod(dir, 0o755);
    await lab.start();
    hosts = [await lab.host(1), await lab.host(2), await lab.host(3)];
    server = await startServer(['--data-dir', join(dir, 'data')]);
    client = api(server.url);
    for (const [i, host] of hosts.entries())
      expect((await client.post('/v1/hosts', { host: { id: `h${i + 1}`, name: `h${i + 1}`, tunnel_ip: host.tunnelIp, mac: `02:00:00:00:01:0${i + 1}` } })).status).toBe(201);
    for (const [i, host] of hosts.entries()) startLabAgent(lab, server.url, `h${i + 1}`, host, join(dir, `state-${i + 1}`));
    network = (await client.post('/v2.0/networks', { network: { name: 'overlay' } })).body.network.id;
    expect((await client.post('/v2.0/subnets', { subnet: { network_id: network, ip_version: 4, cidr: '10.0.0.0/24', dns_nameservers: ['192.0.2.53'] } })).status).toBe(201);
    // Count what crosses the underlay: VXLAN frames whose inner ethertype is ARP, and (the counter's own check) IPv4.
    await sh('ip', 'netns', 'exec', lab.underlay, 'nft', [
      'add table bridge count;',
      'add chain bridge count forward { type filter hook forward priority 0; policy accept; };',
      'add rule bridge count forward udp dport 4789 @th,224,16 0x0806 counter comment "arp";',
      'add rule bridge count forward udp dport 4789 @th,224,16 0x0800 counter comment "ipv4";',
    ].join(' '));
  }, 60_000);

  afterAll(async () => {
    if (server) await stopGracefully(server);
    await lab.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const underlayCount = async (comment: string): Promise<number> => {
    const text = await inNetns(lab.underlay, 'nft', 'list', 'chain', 'bridge', 'count', 'forward');
    const line = text.split('\n').find((l) => l.includes(`comment "${comment}"`))!;
    return Number(/packets (\d+)/.exec(line)![1]);
  };

  it('1. two VMs of one network on two hosts ping each other; the third host has no bridge for it', { timeout: 60_000 }, async () => {
    const a = await port(1, 'a');
    const b = await port(2, 'b');
    await eventually('a pings b', () => pings(a.vm, b.ip));
    expect(await pings(b.vm, a.ip, 3)).toBe(true);
    const third = await links(hosts[2]);
    expect(third).not.toContain(bridgeOf(network));
    expect(third).not.toContain(vxlanOf(network));
    expect(await links(hosts[0])).toEqual(expect.arrayContaining([bridgeOf(network), vxlanOf(network)]));
  });

  it('2. a VM asks DHCP and gets exactly its port\'s fixed IP, gateway, DNS servers and MTU', { timeout: 60_000 }, async () => {
    const created = await client.post('/v2.0/ports', { port: { network_id: network, name: 'dhcp', 'binding:host_id': 'h2' } });
    const { id, mac_address, fixed_ips } = created.body.port as { id: string; mac_address: string; fixed_ips: { ip_address: string }[] };
    const vm = await lab.vm(hosts[1], id, mac_address);
    const script = join(dir, 'udhcpc.sh');
    await writeFile(script, '#!/bin/sh\n[ "$1" = bound ] && echo "ip=$ip mask=$mask router=$router mtu=$mtu dns=$dns"\nexit 0\n', { mode: 0o755 });
    let lease = '';
    await eventually('a DHCP lease', async () => {
      lease = await inNetns(vm.netns, 'busybox', 'udhcpc', '-i', 'eth0', '-n', '-q', '-f', '-O', 'mtu', '-t', '2', '-T', '1', '-s', script).catch(() => '');
      return lease.includes('ip=');
    });
    const subnet = (await client.get(`/v2.0/subnets?network_id=${network}`)).body.subnets[0];
    const mtu = (await client.get(`/v2.0/networks/${network}`)).body.network.mtu;
    expect(lease.trim().split('\n').at(-1)).toBe(`ip=${fixed_ips[0].ip_address} mask=24 router=${subnet.gateway_ip} mtu=${mtu} dns=${subnet.dns_nameservers.join(' ')}`);
  });

  it('3. ARP for a known neighbor is answered on the host: no ARP frame crosses the underlay', { timeout: 60_000 }, async () => {
    const c = await port(1, 'c');
    const d = await port(2, 'd');
    await eventually('c pings d', () => pings(c.vm, d.ip));
    await inNetns(c.vm.netns, 'ip', 'neigh', 'flush', 'dev', 'eth0');
    await inNetns(d.vm.netns, 'ip', 'neigh', 'flush', 'dev', 'eth0');
    const arpBefore = await underlayCount('arp');
    const ipv4Before = await underlayCount('ipv4');
    expect(await pings(c.vm, d.ip, 3)).toBe(true);
    expect(await pings(d.vm, c.ip, 3)).toBe(true);
    // Both VMs had to ask for their peer's MAC: answered by their own host.
    expect(await inNetns(c.vm.netns, 'ip', 'neigh', 'show', d.ip)).toContain(d.mac);
    expect(await underlayCount('ipv4')).toBeGreaterThanOrEqual(ipv4Before + 6);
    expect(await underlayCount('arp')).toBe(arpBefore);
  });

  it('6. port delete or unbind: its traffic stops and its kernel objects are gone', { timeout: 60_000 }, async () => {
    const e = await port(1, 'e');
    const f = await port(2, 'f');
    const g = await port(3, 'g');
    await eventually('e pings f and g', async () => (await pings(e.vm, f.ip)) && (await pings(e.vm, g.ip)));
    const neighborsOn = async (host: LabHost) => inNetns(host.netns, 'ip', 'neigh', 'show', 'dev', vxlanOf(network));
    const fdbOn = async (host: LabHost) => sh('bridge', '-n', host.netns, 'fdb', 'show', 'dev', vxlanOf(network));
    expect(await neighborsOn(hosts[0])).toContain(f.ip);

    expect((await client.del(`/v2.0/ports/${f.id}`)).status).toBe(204);
    await eventually('f is gone from h1', async () => !(await neighborsOn(hosts[0])).includes(`${f.ip} `) && !(await fdbOn(hosts[0])).includes(f.mac));
    await eventually("f's tap is out of the bridge", async () => !(await sh('ip', '-n', hosts[1].netns, 'link', 'show', f.vm.tap)).includes('master'));
    expect(await pings(e.vm, f.ip)).toBe(false);

    expect((await client.put(`/v2.0/ports/${g.id}`, { port: { 'binding:host_id': '' } })).status).toBe(200);
    // g was the third host's only port: its network leaves the host with it.
    await eventually('h3 holds nothing of the network', async () => {
      const left = await links(hosts[2]);
      return !left.includes(bridgeOf(network)) && !left.includes(vxlanOf(network));
    });
    await eventually('g is gone from h1', async () => !(await neighborsOn(hosts[0])).includes(`${g.ip} `));
    expect(await pings(e.vm, g.ip)).toBe(false);
  });
});
