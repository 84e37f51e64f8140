import { describe, expect, it } from 'vitest';
import { createAddressGroup, createNetwork, createPort, createRule, createSecurityGroup, createSubnet, registerHost } from '../../test-kit/commands.js';
import { RecordedGoalStates } from '../../test-kit/engine-fixture.js';
import { enginePerTest } from '../../test-kit/engine-per-test.js';
import { goalStateFromScratch } from './goal-states.js';

const hostName = (i: number) => `host-${String(i).padStart(3, '0')}`;
const engineOn = enginePerTest();

const start = async () => {
  const recorded = new RecordedGoalStates();
  const harness = await engineOn([recorded]);
  return { ...harness, recorded };
};

describe('goal-state fan-out', () => {
  it('a port create in a network spread over 50 hosts is one neighbor upsert on each, and nothing elsewhere', async () => {
    const { run, recorded, engine } = await start();
    for (let i = 0; i < 61; i++) await run(registerHost(hostName(i), { tunnel_ip: `192.0.2.${i + 1}` }));
    await run(createNetwork('net-a'));
    await run(createSubnet('sub-a', 'net-a', '10.0.0.0/24'));
    await run(createNetwork('net-b'));
    await run(createSubnet('sub-b', 'net-b', '10.1.0.0/24'));
    for (let i = 0; i < 50; i++)
      await run(createPort(`a-${i}`, 'net-a', { 'binding:host_id': hostName(i), mac_entropy: String(i), security_groups: [] }));
    for (let i = 50; i < 60; i++)
      await run(createPort(`b-${i}`, 'net-b', { 'binding:host_id': hostName(i), mac_entropy: String(i), security_groups: [] }));

    const seen = recorded.changes.length;
    await run(createPort('new', 'net-a', { 'binding:host_id': hostName(60), mac_entropy: '999', security_groups: [] }));
    const after = recorded.changes.slice(seen);
    expect(after).toHaveLength(1);
    const { changes } = after[0];
    for (let i = 0; i < 50; i++) {
      const ops = changes.get(hostName(i));
      expect(ops).toEqual([
        {
          op: 'upsert',
          kind: 'neighbor',
          id: 'new',
          body: expect.objectContaining({ host_id: hostName(60), tunnel_ip: '192.0.2.61', network_id: 'net-a' }),
        },
      ]);
    }
    for (let i = 50; i < 60; i++) expect(changes.has(hostName(i))).toBe(false);
    // The new port's host receives its whole view of the network at once: the 50 others are neighbors.
    const own = changes.get(hostName(60))!;
    expect(own.filter((op) => op.kind === 'neighbor')).toHaveLength(50);
    expect(own.filter((op) => op.kind !== 'neighbor').map((op) => `${op.kind}:${op.id}`)).toEqual(['network:net-a', 'subnet:sub-a', 'port:new']);
    expect(changes.size).toBe(51);
    for (let i = 0; i < 61; i++)
      expect(recorded.goalStates.goalState(hostName(i))).toEqual(goalStateFromScratch(engine.world, hostName(i)));
  });

  it('a membership change of a group named by other groups reaches only the hosts holding ports in those groups', async () => {
    const { run, recorded, engine } = await start();
    for (const host of ['h-ref-1', 'h-ref-2', 'h-plain', 'h-member']) await run(registerHost(host));
    await run(createNetwork('net'));
    await run(createSubnet('sub', 'net', '10.0.0.0/24'));
    for (const group of ['members', 'referrer-1', 'referrer-2', 'plain']) await run(createSecurityGroup(group));
    await run(createRule('r1', 'referrer-1', { remote_group_id: 'members', protocol: 'tcp', port_range_min: 22, port_range_max: 22 }));
    await run(createRule('r2', 'referrer-2', { remote_group_id: 'members' }));
    await run(createPort('on-ref-1', 'net', { 'binding:host_id': 'h-ref-1', security_groups: ['referrer-1'], mac_entropy: '1' }));
    await run(createPort('on-ref-2', 'net', { 'binding:host_id': 'h-ref-2', security_groups: ['referrer-2'], mac_entropy: '2' }));
    await run(createPort('on-plain', 'net', { 'binding:host_id': 'h-plain', security_groups: ['plain'], mac_entropy: '3' }));
    await run(createPort('member', 'net', { 'binding:host_id': 'h-member', security_groups: ['plain'], mac_entropy: '4' }));

    const seen = recorded.changes.length;
    await run({ type: 'UpdatePort', id: 'member', changes: { security_groups: ['plain', 'members'] } });
    const [{ changes }] = recorded.changes.slice(seen);
    const address = engine.world.networks.get('net')!.ports.get('member')!.fixed_ips[0].ip_address;
    const memberOp = { op: 'upsert', kind: 'group_member', id: 'members/member', body: { id: 'members/member', security_group_id: 'members', port_id: 'member', ip_addresses: [address] } };
    expect(changes.get('h-ref-1')).toEqual([memberOp]);
    expect(changes.get('h-ref-2')).toEqual([memberOp]);
    expect(changes.has('h-plain')).toBe(false);
    // The port's own host sees its port and its new group change, and no member entry (its groups name no one).
    expect(changes.get('h-member')!.map((op) => `${op.op} ${op.kind}:${op.id}`)).toEqual(['upsert port:member', 'upsert security_group:members']);
    expect([...changes.keys()].sort()).toEqual(['h-member', 'h-ref-1', 'h-ref-2']);

    await run({ type: 'UpdatePort', id: 'member', changes: { security_groups: ['plain'] } });
    const last = recorded.changes.at(-1)!.changes;
    expect(last.get('h-ref-1')).toEqual([{ op: 'delete', kind: 'group_member', id: 'members/member' }]);
    for (const host of ['h-ref-1', 'h-ref-2', 'h-plain', 'h-member'])
      expect(recorded.goalStates.goalState(host)).toEqual(goalStateFromScratch(engine.world, host));
  });
});

describe('goal-state fan-out of address groups', () => {
  it('a change of a group’s addresses is one op on each host holding a port whose groups name it, and none elsewhere', async () => {
    const { run, recorded, engine } = await start();
    const hosts = ['h-ref-1', 'h-ref-2', 'h-plain'];
    for (const host of hosts) await run(registerHost(host));
    await run(createNetwork('net'));
    await run(createSubnet('sub', 'net', '10.0.0.0/24'));
    await run(createAddressGroup('ag', ['10.1.0.0/16']));
    for (const group of ['referrer', 'plain']) await run(createSecurityGroup(group));
    await run(createRule('r', 'referrer', { remote_address_group_id: 'ag', protocol: 'tcp', port_range_min: 443, port_range_max: 443 }));
    await run(createPort('on-ref-1', 'net', { 'binding:host_id': 'h-ref-1', security_groups: ['referrer'], mac_entropy: '1' }));
    await run(createPort('on-ref-2', 'net', { 'binding:host_id': 'h-ref-2', security_groups: ['referrer'], mac_entropy: '2' }));
    await run(createPort('on-plain', 'net', { 'binding:host_id': 'h-plain', security_groups: ['plain'], mac_entropy: '3' }));
    expect(recorded.goalStates.goalState('h-ref-1').address_group).toEqual({ ag: { id: 'ag', addresses: ['10.1.0.0/16'] } });
    expect(recorded.goalStates.goalState('h-plain').address_group).toBeUndefined();

    const seen = recorded.changes.length;
    await run({ type: 'AddAddressGroupAddresses', id: 'ag', addresses: ['10.2.0.0/16'] });
    const [{ changes }] = recorded.changes.slice(seen);
    const op = { op: 'upsert', kind: 'address_group', id: 'ag', body: { id: 'ag', addresses: ['10.1.0.0/16', '10.2.0.0/16'] } };
    expect(changes.get('h-ref-1')).toEqual([op]);
    expect(changes.get('h-ref-2')).toEqual([op]);
    expect([...changes.keys()].sort()).toEqual(['h-ref-1', 'h-ref-2']);

    // The rule gone, the group leaves those hosts (with the rule's change of their security group).
    await run({ type: 'DeleteSecurityGroupRule', id: 'r' });
    const last = recorded.changes.at(-1)!.changes;
    expect(last.get('h-ref-1')!.map((o) => `${o.op} ${o.kind}:${o.id}`)).toEqual(['upsert security_group:referrer', 'delete address_group:ag']);
    for (const host of hosts) expect(recorded.goalStates.goalState(host)).toEqual(goalStateFromScratch(engine.world, host));
  });
});
