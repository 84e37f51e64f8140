import { describe, expect, it } from 'vitest';
import type { Command } from '../domain/index.js';
import { createNetwork, createPort, createRule, createSecurityGroup, createSubnet, registerHost } from '../test-kit/commands.js';
import { GoalStates, canonicalJson } from '../projections/goal-state/index.js';
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
  { type: 'UpdatePort', id: '2', changes: { security_groups: ['web'] } },
  { type: 'UpdatePort', id: '10', changes: { 'binding:host_id': 'h-1' } },
  { type: 'DeletePort', id: '1' },
];

describe('snapshot lines', () => {
  it('are the canonical snapshot, with the checksum of the goal state, for every host after every command', async () => {
    const streams = new HostStreams(new GoalStates());
    const harness = await engineOn([streams]);
    for (const command of commands) {
      await harness.run(command);
      for (const host of [...HOSTS, 'h-unknown']) {
        const goalState = streams.goalStates.goalState(host);
        expect(streams.goalStates.encodedGoalState(host)).toBe(canonicalJson(goalState));
        expect(streams.checksumOf(host)).toBe(checksumOf(goalState));
        expect(streams.snapshotLine(host)).toBe(encodeLine(streams.snapshot(host)));
      }
    }
    expect(Object.keys(streams.goalStates.goalState('h-1')).length).toBeGreaterThan(3);
  });
});
