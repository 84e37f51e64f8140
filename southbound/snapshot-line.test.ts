import { describe, expect, it } from 'vitest';
import type { Command, World } from '../domain/index.js';
import { createNetwork, createPort, createRule, createSecurityGroup, createSubnet, registerHost } from '../test-kit/commands.js';
import { GoalStates, goalStateFromScratch } from '../projections/goal-state/index.js';
import { HostStreams } from './host-streams.js';
import { enginePerTest } from '../test-kit/engine-per-test.js';
import { checksumOf, encodeLine } from './wire.js';

const HOSTS = ['h-1', 'h-2', 'h-3', 'h-10'];
const engineOn = enginePerTest();

/** Ports, neighbors, groups with remote-group members, a router: every kind of entry, added, changed and removed. */
const commands: Command[] = [
  ...HOSTS.map((host, i) => registerHost(host, { tunnel_ip: `192.0.2.${i + 1}` })),
  createNetwork('net'),
  createSubnet('sub', 'net', '10.0.0.0/24'),
  createSubnet('sub6', 'net', 'fd00::/64'),
  createSecurityGroup('members'),
  createSecurityGroup('web'),
  createRule('r', 'web', { remote_group_id: 'members', protocol: 'tcp', port_range_min: 80, port_range_max: 80 }),
  createPort('1', 'net', { 'binding:host_id': 'h-1', security_groups: ['web'], mac_entropy: '1' }),
  createPort('2', 'net', { 'binding:host_id': 'h-2', security_groups: ['members'], mac_entropy: '2' }),
  createPort('10', 'net', { 'binding:host_id': 'h-10', security_groups: ['members', 'web'], mac_entropy: '3' }),
  createPort('x"y', 'net', { 'binding:host_id': 'h-3', security_groups: [], mac_entropy: '4' }),
  // Bytes are not characters: an id of two- to four-byte UTF-8 between ids of one byte each.
  createPort('1ü€😀', 'net', { 'binding:host_id': 'h-2', security_groups: ['members'], mac_entropy: '5' }),
  { type: 'UpdatePort', id: '2', changes: { security_groups: ['web'] } },
  { type: 'UpdatePort', id: '10', changes: { 'binding:host_id': 'h-1' } },
  { type: 'DeletePort', id: '1' },
  { type: 'DeletePort', id: '1ü€😀' },
];

/** The snapshot line made from nothing: the goal state computed from the world alone, encoded as a whole. */
const fromScratch = (streams: HostStreams, world: World, host: string): string => {
  const goalState = goalStateFromScratch(world, host);
  return encodeLine({ type: 'snapshot', hostId: host, seq: streams.seqOf(host), position: streams.goalStates.position, checksum: checksumOf(goalState), goal_state: goalState });
};

describe('snapshot lines', () => {
  it('are the canonical snapshot of the goal state from scratch, with its checksum, for every host after every command', async () => {
    const streams = new HostStreams(new GoalStates());
    const harness = await engineOn([streams]);
    for (const command of commands) {
      await harness.run(command);
      for (const host of [...HOSTS, 'h-unknown']) expect(Buffer.concat(streams.snapshotLine(host).pieces).toString()).toBe(fromScratch(streams, harness.engine.world, host));
    }
    expect(Object.keys(streams.goalStates.goalState('h-1')).length).toBeGreaterThan(3);
  });

  it('asked for again after one, two or more diffs, are made from the last one and still the snapshot from scratch', async () => {
    const streams = new HostStreams(new GoalStates());
    const harness = await engineOn([streams]);
    for (const [i, command] of commands.entries()) {
      await harness.run(command);
      // h-1 after every command, h-2 after every other, h-10 after every third: each patched by the diffs since.
      for (const [host, every] of [['h-1', 1], ['h-2', 2], ['h-10', 3]] as const)
        if (i % every === 0) expect(Buffer.concat(streams.snapshotLine(host).pieces).toString()).toBe(fromScratch(streams, harness.engine.world, host));
    }
  });

  it('once sent, their memory holds a later seq\'s bytes, not new memory each change; while sent, it is not written', async () => {
    const streams = new HostStreams(new GoalStates());
    const harness = await engineOn([streams]);
    // From the command that binds h-1's first port; each one after it changes h-1's goal state.
    for (const command of commands.slice(0, 11)) await harness.run(command);
    const goalStateBytes = (line: { pieces: readonly Buffer[] }) => line.pieces[1];
    expect(streams.seqOf('h-1')).toBe(1);
    const first = streams.snapshotLine('h-1');
    first.release();
    await harness.run(commands[11]);
    const held = streams.snapshotLine('h-1');
    const heldText = Buffer.concat(held.pieces).toString();
    await harness.run(commands[12]);
    const third = streams.snapshotLine('h-1');
    expect(goalStateBytes(third).buffer).toBe(goalStateBytes(first).buffer);
    third.release();
    await harness.run(commands[13]);
    const fourth = streams.snapshotLine('h-1');
    expect(streams.seqOf('h-1')).toBe(4);
    expect(goalStateBytes(fourth).buffer).not.toBe(goalStateBytes(held).buffer);
    expect(Buffer.concat(held.pieces).toString()).toBe(heldText);
    expect(Buffer.concat(fourth.pieces).toString()).toBe(fromScratch(streams, harness.engine.world, 'h-1'));
  });
});
