import { describe, expect, it } from 'vitest';
import { inNetns, type LabVm } from '../../../test-kit/lab.js';
import { eventually, kernelTestsRun, pings } from '../../../test-kit/lab-cloud.js';
import { labCloudFor } from '../../../test-kit/lab-cloud-fixture.js';

const runs = await kernelTestsRun();

/** A TCP connection from the VM to address:22 that gets the server's answer. */
const connects = (vm: LabVm, address: string) =>
  inNetns(vm.netns, 'busybox', 'nc', '-w', '2', address, '22').then((out) => out.includes('ssh-ok'), () => false);

describe.skipIf(!runs)('the Linux datapath: security groups in nftables (issue 21, case 4)', () => {
  const cloud = labCloudFor({ hosts: 2, cidr: '10.1.0.0/24' });

  const group = async (name: string, stateful = true, rules: object[] = []) => {
    const { client } = cloud;
    const id = (await client.post('/v2.0/security-groups', { security_group: { name, stateful } })).body.security_group.id as string;
    // Start from no rules at all: each case says what it allows.
    for (const rule of (await client.get(`/v2.0/security-group-rules?security_group_id=${id}`)).body.security_group_rules)
      await client.del(`/v2.0/security-group-rules/${rule.id}`);
    for (const rule of rules) expect((await client.post('/v2.0/security-group-rules', { security_group_rule: { security_group_id: id, ethertype: 'IPv4', ...rule } })).status).toBe(201);
    return id;
  };

  const vm = async (host: number, groups: string[], listens = false) => {
    const port = await cloud.port(host, { security_groups: groups });
    if (listens) {
      cloud.lab.spawnIn(port.vm.netns, process.execPath, ['-e', "require('net').createServer((s) => s.end('ssh-ok\\n')).listen(22)"]);
      await eventually('the VM listens on 22', async () => (await inNetns(port.vm.netns, 'ss', '-ltn')).includes(':22 '));
    }
    return port;
  };

  it('TCP 22 only from a remote group: a member connects, a non-member does not, until its port joins the group', { timeout: 90_000 }, async () => {
    const clients = await group('clients', true, [{ direction: 'egress' }]);
    const ssh = await group('ssh', true, [{ direction: 'ingress', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_group_id: clients }]);
    const others = await group('others', true, [{ direction: 'egress' }]);
    const target = await vm(1, [ssh], true);
    const member = await vm(2, [clients]);
    const stranger = await vm(2, [others]);
    await eventually('the member connects', () => connects(member.vm, target.ip));
    expect(await connects(stranger.vm, target.ip)).toBe(false);
    // Nothing but TCP 22 is let in: not even ping from the member.
    expect(await pings(member.vm, target.ip)).toBe(false);

    expect((await cloud.client.put(`/v2.0/ports/${stranger.id}`, { port: { security_groups: [others, clients] } })).status).toBe(200);
    await eventually('the new member connects', () => connects(stranger.vm, target.ip));
    // One set element on the target's host is all that changed there.
    expect(await inNetns(cloud.hosts[0].netns, 'nft', 'list', 'table', 'inet', 'netledger')).toContain(stranger.ip);
  });

  it('a stateless group needs a rule for the replies; egress rules hold back what the port sends', { timeout: 90_000 }, async () => {
    const anyOut = await group('any-out', true, [{ direction: 'egress' }]);
    const stateless = await group('stateless-ssh', false, [{ direction: 'ingress', protocol: 'tcp', port_range_min: 22, port_range_max: 22 }]);
    const replies = await cloud.client.post('/v2.0/security-group-rules', { security_group_rule: { security_group_id: stateless, direction: 'egress', ethertype: 'IPv4', protocol: 'tcp' } });
    expect(replies.status).toBe(201);
    const target = await vm(1, [stateless], true);
    const from = await vm(2, [anyOut]);
    await eventually('a connection with a rule for the replies', () => connects(from.vm, target.ip));
    // Without connection tracking, the SYN still gets in but the SYN-ACK needs that rule (the stateful 'ssh' group above needed none).
    expect((await cloud.client.del(`/v2.0/security-group-rules/${replies.body.security_group_rule.id}`)).status).toBe(204);
    await eventually('no connection without it', async () => !(await connects(from.vm, target.ip)));

    const icmpOut = await group('icmp-out', true, [{ direction: 'egress', protocol: 'icmp' }]);
    const pingable = await group('pingable', true, [{ direction: 'ingress', protocol: 'icmp' }, { direction: 'ingress', protocol: 'tcp', port_range_min: 22, port_range_max: 22 }]);
    const sender = await vm(1, [icmpOut]);
    const receiver = await vm(2, [pingable], true);
    await eventually('ping is let out', () => pings(sender.vm, receiver.ip));
    await eventually('the receiver takes TCP 22 from a port that may send it', () => connects(from.vm, receiver.ip));
    expect(await connects(sender.vm, receiver.ip)).toBe(false);
  });

  it('port security: a VM sending from an address or a MAC it was not given is dropped', { timeout: 90_000 }, async () => {
    const anyOut = await group('spoof-out', true, [{ direction: 'egress' }]);
    // Both on one host: the receiver's ARP for the other address is answered across the bridge.
    const sender = await cloud.port(1, { security_groups: [anyOut] });
    const receiver = await cloud.port(1, { port_security_enabled: false, security_groups: [] });
    await eventually('the sender pings from its own address', () => pings(sender.vm, receiver.ip));
    const extra = '10.1.0.250';
    await inNetns(sender.vm.netns, 'ip', 'addr', 'add', `${extra}/24`, 'dev', 'eth0');
    expect(await inNetns(sender.vm.netns, 'ping', '-c', '2', '-W', '1', '-I', extra, receiver.ip).then(() => true, () => false)).toBe(false);
    await inNetns(sender.vm.netns, 'ip', 'addr', 'del', `${extra}/24`, 'dev', 'eth0');
    await inNetns(sender.vm.netns, 'ip', 'link', 'set', 'eth0', 'address', '02:00:00:00:99:99');
    await inNetns(receiver.vm.netns, 'ip', 'neigh', 'flush', 'dev', 'eth0');
    expect(await inNetns(sender.vm.netns, 'ping', '-c', '2', '-W', '1', receiver.ip).then(() => true, () => false)).toBe(false);
    // Its own MAC again: let through.
    await inNetns(sender.vm.netns, 'ip', 'link', 'set', 'eth0', 'address', sender.mac);
    await eventually('the sender pings again', () => pings(sender.vm, receiver.ip));
  });

  it('an address group as remote: its blocks are let in, and a block added to it takes effect', { timeout: 90_000 }, async () => {
    const anyOut = await group('ag-out', true, [{ direction: 'egress' }]);
    const first = await cloud.port(2, { security_groups: [anyOut] });
    const second = await cloud.port(2, { security_groups: [anyOut] });
    const created = await cloud.client.post('/v2.0/address-groups', { address_group: { name: 'admins', addresses: [`${first.ip}/32`] } });
    expect(created.status).toBe(201);
    const admins = created.body.address_group.id as string;
    const ssh = await group('ssh-from-admins', true, [{ direction: 'ingress', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_address_group_id: admins }]);
    const target = await vm(1, [ssh], true);
    await eventually('a block of the group connects', () => connects(first.vm, target.ip));
    expect(await connects(second.vm, target.ip)).toBe(false);
    const added = await cloud.client.put(`/v2.0/address-groups/${admins}/add_addresses`, { addresses: [`${second.ip}/32`] });
    expect(added.status).toBe(200);
    await eventually('the added block connects', () => connects(second.vm, target.ip));
  });
});
