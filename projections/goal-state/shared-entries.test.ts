import { describe, expect, it } from 'vitest';
import { createNetwork, createPort, createSubnet, registerHost } from '../../test-kit/commands.js';
import { RecordedGoalStates } from '../../test-kit/engine-fixture.js';
import { enginePerTest } from '../../test-kit/engine-per-test.js';
import { GoalStates, goalStateFromScratch } from './goal-states.js';

const engineOn = enginePerTest();

const recordedEngine = async () => {
  const recorded = new RecordedGoalStates();
  const harness = await engineOn([recorded]);
  return { recorded, ...harness };
};

describe('goal-state entries held by many hosts', () => {
  it('a host that takes an entry at a later event holds the very body the earlier hosts hold, and so does a node taken up from their state', async () => {
    const { recorded, run, engine } = await recordedEngine();
    for (const host of ['h1', 'h2', 'h3']) await run(registerHost(host));
    await run(createNetwork('net'));
    await run(createSubnet('sub', 'net', '10.0.0.0/24'));
    await run(createPort('p1', 'net', { 'binding:host_id': 'h1', mac_entropy: '1', security_groups: [] }));
    await run(createPort('p2', 'net', { 'binding:host_id': 'h2', mac_entropy: '2', security_groups: [] }));
    // h3 joins the network two events after h2 took p1 as a neighbor.
    await run(createPort('p3', 'net', { 'binding:host_id': 'h3', mac_entropy: '3', security_groups: [] }));

    const neighborOn = (goalStates: GoalStates, host: string) => goalStates.goalState(host).neighbor?.p1;
    expect(neighborOn(recorded.goalStates, 'h3')).toBe(neighborOn(recorded.goalStates, 'h2'));
    expect(recorded.goalStates.goalState('h3').subnet?.sub).toBe(recorded.goalStates.goalState('h1').subnet?.sub);
    for (const host of ['h1', 'h2', 'h3']) expect(recorded.goalStates.goalState(host)).toEqual(goalStateFromScratch(engine.world, host));

    // A checkpoint's copy holds equal entries as separate objects; taken up, they are one again.
    const { position, placement, hosts, neighbors } = structuredClone(recorded.goalStates.saved());
    for (const tables of hosts.values()) for (const [kind, table] of tables) for (const [id, entry] of table) tables.get(kind)!.set(id, structuredClone(entry));
    const taken = new GoalStates({ position, placement, hosts, neighbors });
    expect(neighborOn(taken, 'h3')).toBe(neighborOn(taken, 'h2'));
    expect(taken.encodedTables('h3')).toEqual(recorded.goalStates.encodedTables('h3'));
  });
});

describe('neighbor tables read from the networks a host reaches', () => {
  it('a port gone from a network no other host reached is no neighbor of the host that comes next', async () => {
    const { recorded, run, engine } = await recordedEngine();
    for (const host of ['h1', 'h2']) await run(registerHost(host));
    await run(createNetwork('net'));
    await run(createSubnet('sub', 'net', '10.0.0.0/24'));
    // p1 is h1's only port there and no other host reaches net: its delete touches no neighbor entry.
    await run(createPort('p1', 'net', { 'binding:host_id': 'h1', mac_entropy: '1', security_groups: [] }));
    await run({ type: 'DeletePort', id: 'p1' });
    await run(createPort('p2', 'net', { 'binding:host_id': 'h2', mac_entropy: '2', security_groups: [] }));

    for (const host of ['h1', 'h2']) expect(recorded.goalStates.goalState(host)).toEqual(goalStateFromScratch(engine.world, host));
    expect(recorded.goalStates.goalState('h2').neighbor).toBeUndefined();
  });
});
