import { describe, expect, it } from 'vitest';
import type { Command } from '../../domain/index.js';
import { addInterface, createNetwork, createPort, createRouter, createSubnet, registerHost } from '../../test-kit/commands.js';
import { RecordedGoalStates } from '../../test-kit/engine-fixture.js';
import { enginePerTest } from '../../test-kit/engine-per-test.js';
import { goalStateFromScratch } from './goal-states.js';

const engineOn = enginePerTest();

const HOSTS = ['compute-1', 'compute-2', 'compute-3'];

/** Two subnets on one router, a VM on each: vm-a on compute-1 in net-a, vm-b on compute-2 in net-b. */
const start = async () => {
  const recorded = new RecordedGoalStates();
  const harness = await engineOn([recorded]);
  for (const [i, host] of HOSTS.entries()) await harness.run(registerHost(host, { tunnel_ip: `192.0.2.${i + 1}` }));
  for (const command of [
    createNetwork('net-a'),
    createSubnet('sub-a', 'net-a', '10.1.0.0/24'),
    createNetwork('net-b'),
    createSubnet('sub-b', 'net-b', '10.2.0.0/24'),
    createNetwork('net-c'),
    createSubnet('sub-c', 'net-c', '10.3.0.0/24'),
    createRouter('r1'),
    createPort('vm-a', 'net-a', { 'binding:host_id': 'compute-1', security_groups: [], mac_entropy: '1' }),
    createPort('vm-b', 'net-b', { 'binding:host_id': 'compute-2', security_groups: [], mac_entropy: '2' }),
    createPort('vm-c', 'net-c', { 'binding:host_id': 'compute-3', security_groups: [], mac_entropy: '3' }),
  ])
    await harness.run(command);
  const run = async (command: Command) => {
    await harness.run(command);
    for (const host of HOSTS) expect(recorded.goalStates.goalState(host)).toEqual(goalStateFromScratch(harness.engine.world, host));
  };
  const held = (host: string, kind: 'network' | 'neighbor' | 'router') => Object.keys(recorded.goalStates.goalState(host)[kind] ?? {}).sort();
  return { run, held };
};

describe('distributed routing in the goal states', () => {
  it('gives a host the router and the networks and neighbors of the router\'s other subnets, incrementally as from scratch, and takes them back', async () => {
    const { run, held } = await start();
    expect(held('compute-1', 'neighbor')).toEqual([]);
    await run(addInterface('r1', { subnet_id: 'sub-a' }, 'if-a'));
    await run(addInterface('r1', { subnet_id: 'sub-b' }, 'if-b'));
    expect(held('compute-1', 'router')).toEqual(['r1']);
    expect(held('compute-1', 'network')).toEqual(['net-a', 'net-b']);
    expect(held('compute-1', 'neighbor')).toEqual(['vm-b']);
    expect(held('compute-2', 'network')).toEqual(['net-a', 'net-b']);
    expect(held('compute-2', 'neighbor')).toEqual(['vm-a']);
    // net-c is on no router: its host reaches nothing else, and nobody reaches it.
    expect(held('compute-3', 'network')).toEqual(['net-c']);
    expect(held('compute-3', 'neighbor')).toEqual([]);

    // A VM arriving on a routed network is a neighbor of the hosts of the router's other networks.
    await run(createPort('vm-b2', 'net-b', { 'binding:host_id': 'compute-3', security_groups: [], mac_entropy: '4' }));
    expect(held('compute-1', 'neighbor')).toEqual(['vm-b', 'vm-b2']);
    expect(held('compute-3', 'network')).toEqual(['net-a', 'net-b', 'net-c']);
    expect(held('compute-3', 'neighbor')).toEqual(['vm-a', 'vm-b']);

    await run({ type: 'RemoveRouterInterface', router_id: 'r1', subnet_id: 'sub-b' });
    expect(held('compute-1', 'network')).toEqual(['net-a']);
    expect(held('compute-1', 'neighbor')).toEqual([]);
    expect(held('compute-2', 'neighbor')).toEqual(['vm-b2']);
    expect(held('compute-3', 'network')).toEqual(['net-b', 'net-c']);
    expect(held('compute-3', 'neighbor')).toEqual(['vm-b']);
  });
});
