import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inNetns, sh, type LabHost } from '../../../test-kit/lab.js';
import { eventually, kernelTestsRun, pings } from '../../../test-kit/lab-cloud.js';
import { labCloudFor } from '../../../test-kit/lab-cloud-fixture.js';
import { bridgeOf, vxlanOf } from '../names.js';

const runs = await kernelTestsRun();

const links = async (host: LabHost): Promise<string[]> => (JSON.parse(await sh('ip', '-n', host.netns, '-j', 'link', 'show')) as { ifname: string }[]).map((l) => l.ifname);

describe.skipIf(!runs)('the Linux datapath: an L2 overlay between hosts (issue 21, cases 1, 2, 3, 6)', () => {
  const cloud = labCloudFor({ hosts: 3, cidr: '10.0.0.0/24', dns: ['192.0.2.53'] });

  beforeAll(async () => {
    // Count what crosses the underlay: VXLAN frames whose inner ethertype is ARP, and (the counter's own check) IPv4.
    await inNetns(cloud.lab.underlay, 'nft', [
      'add table bridge count;',
      'add chain bridge count forward { type filter hook forward priority 0; policy accept; };',
      'add rule bridge count forward udp dport 4789 @th,224,16 0x0806 counter comment "arp";',
      'add rule bridge count forward udp dport 4789 @th,224,16 0x0800 counter comment "ipv4";',
      // Inner UDP destination port 67 (a DHCP request), for IPv4 without options.
      'add rule bridge count forward udp dport 4789 @th,224,16 0x0800 @th,416,16 67 counter comment "dhcp";',
    ].join(' '));
  });

  const underlayCount = async (comment: string): Promise<number> => {
    const text = await inNetns(cloud.lab.underlay, 'nft', 'list', 'chain', 'bridge', 'count', 'forward');
    const line = text.split('\n').find((l) => l.includes(`comment "${comment}"`))!;
    return Number(/packets (\d+)/.exec(line)![1]);
  };

  it('1. two VMs of one network on two hosts ping each other; the third host has no bridge for it', { timeout: 60_000 }, async () => {
    const a = await cloud.port(1);
    const b = await cloud.port(2);
    await eventually('a pings b', () => pings(a.vm, b.ip));
    expect(await pings(b.vm, a.ip, 3)).toBe(true);
    const third = await links(cloud.hosts[2]);
    expect(third).not.toContain(bridgeOf(cloud.network));
    expect(third).not.toContain(vxlanOf(cloud.network));
    expect(await links(cloud.hosts[0])).toEqual(expect.arrayContaining([bridgeOf(cloud.network), vxlanOf(cloud.network)]));
  });

  it('2. a VM asks DHCP and gets exactly its port\'s fixed IP, gateway, DNS servers and MTU', { timeout: 60_000 }, async () => {
    const port = await cloud.port(2, {}, true);
    const dhcpBefore = await underlayCount('dhcp');
    const script = join(cloud.dir, 'udhcpc.sh');
    await writeFile(script, '#!/bin/sh\n[ "$1" = bound ] && echo "ip=$ip mask=$mask router=$router mtu=$mtu dns=$dns"\nexit 0\n', { mode: 0o755 });
    let lease = '';
    await eventually('a DHCP lease', async () => {
      lease = await inNetns(port.vm.netns, 'busybox', 'udhcpc', '-i', 'eth0', '-n', '-q', '-f', '-O', 'mtu', '-t', '2', '-T', '1', '-s', script).catch(() => '');
      return lease.includes('ip=');
    });
    const subnet = (await cloud.client.get(`/v2.0/subnets?network_id=${cloud.network}`)).body.subnets[0];
    const mtu = (await cloud.client.get(`/v2.0/networks/${cloud.network}`)).body.network.mtu;
    expect(lease.trim().split('\n').at(-1)).toBe(`ip=${port.ip} mask=24 router=${subnet.gateway_ip} mtu=${mtu} dns=192.0.2.53`);
    // Answered by its own host: the request never reached the other hosts' servers (which share its address).
    expect(await underlayCount('dhcp')).toBe(dhcpBefore);
  });

  it('3. ARP for a known neighbor is answered on the host: no ARP frame crosses the underlay', { timeout: 60_000 }, async () => {
    const c = await cloud.port(1);
    const d = await cloud.port(2);
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

  it('6. port delete, unbind or admin down: its traffic stops and its kernel objects are gone', { timeout: 60_000 }, async () => {
    const { hosts, network, client } = cloud;
    const e = await cloud.port(1);
    const f = await cloud.port(2);
    const g = await cloud.port(3);
    await eventually('e pings f and g', async () => (await pings(e.vm, f.ip)) && (await pings(e.vm, g.ip)));
    const neighborsOn = async (host: LabHost) => inNetns(host.netns, 'ip', 'neigh', 'show', 'dev', vxlanOf(network));
    const fdbOn = async (host: LabHost) => sh('bridge', '-n', host.netns, 'fdb', 'show', 'dev', vxlanOf(network));
    expect(await neighborsOn(hosts[0])).toContain(f.ip);

    // Administratively down: out of its bridge until it is up again.
    expect((await client.put(`/v2.0/ports/${f.id}`, { port: { admin_state_up: false } })).status).toBe(200);
    await eventually('f is down', async () => !(await pings(e.vm, f.ip)));
    expect(await sh('ip', '-n', hosts[1].netns, 'link', 'show', f.vm.tap)).not.toContain('master');
    expect((await client.put(`/v2.0/ports/${f.id}`, { port: { admin_state_up: true } })).status).toBe(200);
    await eventually('f is up again', () => pings(e.vm, f.ip));

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
