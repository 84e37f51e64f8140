import { describe, expect, it } from 'vitest';
import type { Command } from '../../domain/index.js';
import {
  addInterface,
  createFloatingIp,
  createNetwork,
  createPort,
  createRouter,
  createSubnet,
  mapFloatingIp,
  registerHost,
  setGateway,
} from '../../test-kit/commands.js';
import { RecordedGoalStates } from '../../test-kit/engine-fixture.js';
import { enginePerTest } from '../../test-kit/engine-per-test.js';
import { goalStateFromScratch } from './goal-states.js';
import { snatHostOf } from './gateway-host.js';

const engineOn = enginePerTest();

const HOSTS = ['compute-1', 'compute-2', 'compute-3', 'gw-1', 'gw-2', 'gw-3'];

const start = async () => {
  const recorded = new RecordedGoalStates();
  const harness = await engineOn([recorded]);
  for (const [i, host] of HOSTS.entries()) await harness.run(registerHost(host, { tunnel_ip: `192.0.2.${i + 1}`, gateway: host.startsWith('gw-') }));
  for (const command of [
    createNetwork('ext', { 'router:external': true }),
    createSubnet('ext-sub', 'ext', '203.0.113.0/24', { enable_dhcp: false }),
    createNetwork('lan'),
    createSubnet('lan-sub', 'lan', '10.0.0.0/24'),
    createRouter('r1', { external_gateway_info: { network_id: 'ext' } }),
    addInterface('r1', { subnet_id: 'lan-sub' }),
    createPort('vm', 'lan', { 'binding:host_id': 'compute-1', security_groups: [], mac_entropy: '1' }),
    createPort('other', 'lan', { 'binding:host_id': 'compute-2', security_groups: [], mac_entropy: '2' }),
    createFloatingIp('fip', 'ext'),
  ])
    await harness.run(command);
  /** What one command changed, per host: kind:id of each op. */
  const changesOf = async (command: Command) => {
    const seen = recorded.changes.length;
    await harness.run(command);
    const ops = new Map<string, string[]>();
    for (const { changes } of recorded.changes.slice(seen))
      for (const [host, list] of changes) ops.set(host, [...(ops.get(host) ?? []), ...list.map((op) => `${op.op} ${op.kind}:${op.id}`)]);
    return ops;
  };
  const agrees = () => {
    for (const host of HOSTS) expect(recorded.goalStates.goalState(host)).toEqual(goalStateFromScratch(harness.engine.world, host));
  };
  return { ...harness, recorded, changesOf, agrees };
};

describe('floating IPs in the goal states', () => {
  it('a mapping is one NAT op on the port host, a move one delete and one upsert, a release one delete, and nothing anywhere else', async () => {
    const { changesOf, recorded, agrees } = await start();
    expect(await changesOf(mapFloatingIp('fip', 'vm'))).toEqual(new Map([['compute-1', ['upsert floating_ip:fip']]]));
    expect(recorded.goalStates.goalState('compute-1').floating_ip?.fip).toEqual({
      id: 'fip',
      floating_ip_address: '203.0.113.3',
      floating_network_id: 'ext',
      fixed_ip_address: '10.0.0.2',
      port_id: 'vm',
      mac_address: expect.any(String),
      router_id: 'r1',
    });
    agrees();
    expect(await changesOf(mapFloatingIp('fip', 'other'))).toEqual(
      new Map([
        ['compute-1', ['delete floating_ip:fip']],
        ['compute-2', ['upsert floating_ip:fip']],
      ]),
    );
    agrees();
    expect(await changesOf(mapFloatingIp('fip', null))).toEqual(new Map([['compute-2', ['delete floating_ip:fip']]]));
    agrees();
  });

  it('follows its port to another host, and leaves with the port', async () => {
    const { changesOf, agrees } = await start();
    await changesOf(mapFloatingIp('fip', 'vm'));
    const moved = await changesOf({ type: 'UpdatePort', id: 'vm', changes: { 'binding:host_id': 'compute-3' } });
    expect(moved.get('compute-1')).toContain('delete floating_ip:fip');
    expect(moved.get('compute-3')).toContain('upsert floating_ip:fip');
    agrees();
    const gone = await changesOf({ type: 'DeletePort', id: 'vm' });
    expect(gone.get('compute-3')).toContain('delete floating_ip:fip');
    agrees();
  });

  it('deleting a mapped floating IP removes its NAT entry', async () => {
    const { changesOf, agrees } = await start();
    await changesOf(mapFloatingIp('fip', 'vm'));
    expect(await changesOf({ type: 'DeleteFloatingIp', id: 'fip' })).toEqual(new Map([['compute-1', ['delete floating_ip:fip']]]));
    agrees();
  });
});

describe('router SNAT on a gateway host', () => {
  it('puts the router gateway on one gateway host, with the subnets it masquerades', async () => {
    const { engine, recorded, agrees } = await start();
    const host = snatHostOf(engine.world, 'r1')!;
    expect(host).toMatch(/^gw-/);
    expect(recorded.goalStates.goalState(host).gateway?.r1).toMatchObject({
      network_id: 'ext',
      enable_snat: true,
      external_fixed_ips: [{ subnet_id: 'ext-sub', ip_address: '203.0.113.2' }],
      internal_cidrs: ['10.0.0.0/24'],
    });
    for (const other of HOSTS.filter((h) => h !== host)) expect(recorded.goalStates.goalState(other).gateway).toBeUndefined();
    agrees();
  });

  it('moves to another gateway host when its host stops being one, and only then; other routers stay', async () => {
    const { engine, changesOf, run, agrees } = await start();
    for (const id of ['r2', 'r3', 'r4', 'r5', 'r6']) await run(createRouter(id, { external_gateway_info: { network_id: 'ext' } }));
    const before = new Map(['r1', 'r2', 'r3', 'r4', 'r5', 'r6'].map((r) => [r, snatHostOf(engine.world, r)!]));
    // Routers spread over the gateway hosts: each ranks them in its own order.
    expect(new Set(before.values()).size).toBeGreaterThan(1);
    const leaving = before.get('r1')!;
    const changes = await changesOf({ type: 'UpdateHost', id: leaving, changes: { gateway: false } });
    const after = new Map([...before.keys()].map((r) => [r, snatHostOf(engine.world, r)!]));
    for (const [router, host] of before) {
      if (host === leaving) {
        expect(after.get(router)).not.toBe(leaving);
        expect(changes.get(leaving)).toContain(`delete gateway:${router}`);
        expect(changes.get(after.get(router)!)).toContain(`upsert gateway:${router}`);
      } else expect(after.get(router)).toBe(host);
    }
    agrees();
  });

  it('leaves the gateway host when the gateway is cleared: its gateway, the router and the router\'s networks and neighbors', async () => {
    const { engine, changesOf, agrees } = await start();
    const host = snatHostOf(engine.world, 'r1')!;
    await changesOf({ type: 'DeleteFloatingIp', id: 'fip' });
    const changes = (await changesOf(setGateway('r1', null))).get(host)!;
    expect(changes).toContain('delete gateway:r1');
    expect(changes).toContain('delete router:r1');
    expect(changes).toContain('delete network:lan');
    agrees();
  });

  it('gives the SNAT host the router and its networks and neighbors, and every host of the router the SNAT host\'s tunnel address', async () => {
    const { engine, recorded, agrees } = await start();
    const host = snatHostOf(engine.world, 'r1')!;
    const goalState = recorded.goalStates.goalState(host);
    expect(Object.keys(goalState.network ?? {})).toContain('lan');
    expect(Object.keys(goalState.neighbor ?? {})).toContain('vm');
    expect(goalState.router?.r1).toMatchObject({ snat_host: { id: host, tunnel_ip: engine.world.hosts.get(host)!.tunnel_ip } });
    expect(recorded.goalStates.goalState('compute-1').router?.r1).toMatchObject({ snat_host: { id: host } });
    agrees();
  });
});
