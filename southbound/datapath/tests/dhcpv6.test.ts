import { describe, expect, it } from 'vitest';
import { inNetns, sh } from '../../../test-kit/lab.js';
import { eventually, kernelTestsRun } from '../../../test-kit/lab-cloud.js';
import { labCloudFor } from '../../../test-kit/lab-cloud-fixture.js';

const runs = await kernelTestsRun();

const PREFIX = '2001:db8:50::';

/**
 * A DHCPv6 client's Solicit (its DUID is its MAC), printing the addresses of the IA_NA in the
 * Advertise it gets: no DHCPv6 client is installed here, and this one step is what the test needs.
 */
const SOLICIT = `
import os, socket, struct, sys
mac = bytes.fromhex(sys.argv[1].replace(':', ''))
opt = lambda code, data: struct.pack('!HH', code, len(data)) + data
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('::', 546))
s.settimeout(2)
message = bytes([1]) + os.urandom(3) + opt(1, struct.pack('!HH', 3, 1) + mac) + opt(3, struct.pack('!III', 1, 0, 0)) + opt(8, b'\\0\\0')
s.sendto(message, ('ff02::1:2', 547, 0, socket.if_nametoindex('eth0')))
reply = s.recv(2000)
def options(data):
    while len(data) >= 4:
        code, length = struct.unpack('!HH', data[:4])
        yield code, data[4:4 + length]
        data = data[4 + length:]
for code, value in options(reply[4:]):
    if code == 3:
        for inner, address in options(value[12:]):
            if inner == 5:
                print(socket.inet_ntop(socket.AF_INET6, address[:16]))
`;

describe.skipIf(!runs)('the Linux datapath: DHCPv6 and router advertisements for a dhcpv6-stateful subnet (issue 21)', () => {
  const cloud = labCloudFor({ hosts: 1, cidr: '10.50.0.0/24' });

  it('a VM solicits and is offered exactly its port\'s IPv6 address; the host advertises the prefix as managed, with the MTU', { timeout: 90_000 }, async () => {
    const { client } = cloud;
    const v6 = await client.post('/v2.0/subnets', {
      subnet: { network_id: cloud.network, ip_version: 6, cidr: `${PREFIX}/64`, ipv6_address_mode: 'dhcpv6-stateful', ipv6_ra_mode: 'dhcpv6-stateful' },
    });
    expect(v6.status).toBe(201);
    const port = await cloud.port(1);
    const fixed = (await client.get(`/v2.0/ports/${port.id}`)).body.port.fixed_ips as { subnet_id: string; ip_address: string }[];
    const address = fixed.find((f) => f.subnet_id === v6.body.subnet.id)!.ip_address;
    await eventually('the port ACTIVE', async () => (await client.get(`/v2.0/ports/${port.id}`)).body.port.status === 'ACTIVE', 60_000);

    const offered = async () => (await sh('ip', 'netns', 'exec', port.vm.netns, 'python3', '-c', SOLICIT, port.mac).catch(() => '')).trim();
    await eventually('a DHCPv6 offer', async () => (await offered()) !== '', 30_000);
    expect(await offered()).toBe(address);

    // A router solicitation (the link coming up again sends one) is answered: the on-link prefix, and the network's MTU.
    await inNetns(port.vm.netns, 'ip', 'link', 'set', 'eth0', 'down');
    await inNetns(port.vm.netns, 'ip', 'link', 'set', 'eth0', 'up');
    // The VM holds no address of the prefix: its on-link route comes from the advertisement.
    await eventually('the advertised prefix', async () => (await inNetns(port.vm.netns, 'ip', '-6', 'route', 'show', `${PREFIX}/64`)).includes('dev eth0'), 30_000);
    expect((await inNetns(port.vm.netns, 'cat', '/proc/sys/net/ipv6/conf/eth0/mtu')).trim()).toBe('1450');
    // Managed: no address of the VM's own making from the prefix, and no default route through the host.
    expect(await inNetns(port.vm.netns, 'ip', '-6', 'addr', 'show', 'dev', 'eth0', 'scope', 'global')).not.toContain(PREFIX.slice(0, -1));
    expect(await inNetns(port.vm.netns, 'ip', '-6', 'route', 'show', 'default')).toBe('');
  });
});
