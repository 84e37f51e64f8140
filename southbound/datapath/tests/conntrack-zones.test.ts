import { describe, expect, it } from 'vitest';
import { sh } from '../../../test-kit/lab.js';
import { eventually, kernelTestsRun } from '../../../test-kit/lab-cloud.js';
import { labCloudFor } from '../../../test-kit/lab-cloud-fixture.js';

const runs = await kernelTestsRun();

const CIDR = '10.40.0.0/24';
const SENDER = '10.40.0.10';
const RECEIVER = '10.40.0.20';

/** Answers every UDP datagram to port 7000 with itself. */
const ECHO = "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.bind(('',7000))\nwhile True:\n  d,a=s.recvfrom(100)\n  s.sendto(d,a)";
/** One datagram from a chosen source port; exits 0 if it was answered within a second. */
const SEND = "import socket,sys\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('',int(sys.argv[2])))\ns.settimeout(1)\ns.sendto(b'x',(sys.argv[1],7000))\ns.recv(10)";

describe.skipIf(!runs)('the Linux datapath: a conntrack zone per network (issue 21)', () => {
  const cloud = labCloudFor({ hosts: 1, cidr: CIDR });

  it('two networks with the same addresses on one host: a connection of the one is no established connection of the other', { timeout: 90_000 }, async () => {
    const { client, lab, hosts } = cloud;
    const group = async (name: string, rules: object[]) => {
      const id = (await client.post('/v2.0/security-groups', { security_group: { name } })).body.security_group.id as string;
      for (const rule of rules) await client.post('/v2.0/security-group-rules', { security_group_rule: { security_group_id: id, ...rule } });
      return id;
    };
    const open = await group('udp-7000', [{ direction: 'ingress', ethertype: 'IPv4', protocol: 'udp', port_range_min: 7000, port_range_max: 7000 }]);
    const closed = await group('closed', []);
    const other = (await client.post('/v2.0/networks', { network: { name: 'lab-twin' } })).body.network.id as string;
    expect((await client.post('/v2.0/subnets', { subnet: { network_id: other, ip_version: 4, cidr: CIDR } })).status).toBe(201);

    const vm = async (network: string, address: string, groups?: string[]) => {
      const port = (await client.post('/v2.0/ports', { port: { network_id: network, 'binding:host_id': 'h1', fixed_ips: [{ ip_address: address }], ...(groups ? { security_groups: groups } : {}) } })).body.port;
      const made = await lab.vm(hosts[0], port.id, port.mac_address);
      await sh('ip', '-n', made.netns, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      return { id: port.id as string, netns: made.netns };
    };
    const aSender = await vm(cloud.network, SENDER);
    const aReceiver = await vm(cloud.network, RECEIVER, [open]);
    const bSender = await vm(other, SENDER);
    const bReceiver = await vm(other, RECEIVER, [closed]);
    for (const receiver of [aReceiver, bReceiver]) lab.spawnIn(receiver.netns, 'python3', ['-c', ECHO]);
    const answered = (sender: { netns: string }, sourcePort: number) =>
      sh('ip', 'netns', 'exec', sender.netns, 'python3', '-c', SEND, RECEIVER, String(sourcePort)).then(() => true, () => false);
    const active = async (id: string) => (await client.get(`/v2.0/ports/${id}`)).body.port.status === 'ACTIVE';
    await eventually('the ports ACTIVE', async () => (await Promise.all([aSender, aReceiver, bSender, bReceiver].map((p) => active(p.id)))).every(Boolean), 60_000);

    // On the first network the group lets the datagram in: its connection is established (answered).
    await eventually('the first network\'s receiver answers', () => answered(aSender, 5000), 30_000);
    // On the second, the closed group keeps the twin out, from another source port and from the same one.
    expect(await answered(bSender, 5001)).toBe(false);
    expect(await answered(bSender, 5000)).toBe(false);
    // And the first network's connection is still there, in its own zone.
    expect(await answered(aSender, 5000)).toBe(true);
  });
});
