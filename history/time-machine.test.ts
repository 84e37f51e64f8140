import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { serialize } from 'node:v8';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordedEvent, emptyWorld, evolve, type Command, type RecordedEvent } from '../domain/index.js';
import { addInterface, createNetwork, createRouter, createRule, createSecurityGroup, createSubnet, ensureDefaultSecurityGroup } from '../test-kit/commands.js';
import { subjectsOf, topology, type ResourceKind } from '../projections/index.js';
import { auditIndexIn, type AuditFileOptions } from '../infra/audit/audit-files.js';
import { Engine } from '../engine/engine.js';
import { EmbeddedEventStore } from '../infra/store/index.js';
import { GoalStateArchive } from '../southbound/archive/goal-state-archive.js';
import { WorldRebuildsBusy, type RebuildLimits } from './rebuild-queue.js';
import { TimeMachine } from './time-machine.js';
import { WorldSnapshots } from './world-snapshots.js';
import { slicedBytes as sliced } from '../test-kit/sliced-bytes.js';
import { deserializeSlices } from './sliced-serialization.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const context = (n: number, user = 'alice') => ({
  commandId: `command-${n}`,
  correlationId: `correlation-${n}`,
  actor: { projectId: 'p', userId: user },
  decidedAt: new Date(Date.UTC(2026, 10, 22, 5, 0, n)).toISOString(),
});

/** The answer of a time machine that must not refuse. */
const right = <T>(answer: E.Either<unknown, T>): T => {
  if (E.isLeft(answer)) throw new Error(`refused: ${JSON.stringify(answer.left)}`);
  return answer.right;
};

const setup = async (auditOptions: AuditFileOptions = {}, limits: RebuildLimits = {}, onRefused?: (file: string, reason: string) => void) => {
  const dir = await mkdtemp(join(tmpdir(), 'netledger-tt-'));
  dirs.push(dir);
  const store = await EmbeddedEventStore.open(join(dir, 'log'));
  const audit = auditIndexIn(join(dir, 'audit'), auditOptions);
  const snapshots = new WorldSnapshots(join(dir, 'snapshots'), { minInterval: 4, eventsPerEntity: 0, onRefused });
  const engine = await Engine.start(store, [audit, snapshots]);
  const machine = new TimeMachine(store, () => engine.world, audit, snapshots, new GoalStateArchive(join(dir, 'goal-states')), limits);
  return { dir, store, engine, machine, snapshots };
};

const network: Command = createNetwork('n1', { name: 'n' });
const subnet: Command = createSubnet('s1', 'n1', '10.0.0.0/24');
const port = (id: string, entropy: number): Command => ({
  type: 'CreatePorts',
  ports: [
    {
      id, network_id: 'n1', project_id: 'p', name: '', description: '', admin_state_up: true, device_id: '', device_owner: '',
      port_security_enabled: false, 'binding:host_id': '', 'binding:vnic_type': 'normal', tags: [], mac_entropy: String(entropy),
    },
  ],
});

describe('time machine', () => {
  it('rebuilds the world as of every position equal to the fold of the first p events, through snapshots', async () => {
    const { store, engine, machine, snapshots } = await setup();
    const commands: Command[] = [network, subnet];
    for (let i = 0; i < 30; i++) commands.push(port(`port-${i}`, i));
    for (let i = 0; i < 30; i += 3) commands.push({ type: 'UpdatePort', id: `port-${i}`, changes: { name: `renamed-${i}` } });
    for (let i = 0; i < 30; i += 4) commands.push({ type: 'DeletePort', id: `port-${i}` });
    for (const [n, command] of commands.entries()) expect(E.isRight(await engine.execute(command, context(n)))).toBe(true);
    expect(snapshots.count).toBeGreaterThan(3);

    const head = engine.world.position;
    const fold = emptyWorld();
    const folds = new Map<number, string>();
    for await (const event of store.readAll(0)) {
      evolve(fold, recordedEvent(event));
      folds.set(event.position, JSON.stringify(fold, (_k, v) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : typeof v === 'bigint' ? String(v) : v)));
    }
    for (let position = 1; position <= head; position++) {
      const world = await machine.worldAt(position);
      expect(JSON.stringify(world, (_k, v) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : typeof v === 'bigint' ? String(v) : v))).toBe(folds.get(position));
    }
    expect((await machine.worldAt(0)).networks.size).toBe(0);
    await engine.stop();
    await store.close();
  });

  it('rebuilds no more worlds at once than it admits: a read of another moment beyond is refused, one of a moment under way waits for it', async () => {
    const { store, engine, machine } = await setup({}, { running: 1, waiting: 0, retryAfterSeconds: 3 });
    for (const [n, command] of [network, subnet, port('a', 1), port('b', 2)].entries()) expect(E.isRight(await engine.execute(command, context(n)))).toBe(true);
    const at3 = machine.pastWorld(3);
    expect(machine.pastWorld(3)).toBe(at3);
    expect(() => machine.pastWorld(2)).toThrow(WorldRebuildsBusy);
    expect((await at3).position).toBe(3);
    // Rebuilt and kept: asking again costs no slot, and the slot is free for another moment.
    expect(await machine.pastWorld(3)).toBe(await at3);
    expect((await machine.pastWorld(2)).position).toBe(2);
    await engine.stop();
    await store.close();
  });

  it('knows which hosts the log named by a moment', async () => {
    const { store, engine, machine } = await setup();
    expect(E.isRight(await engine.execute(network, context(0)))).toBe(true);
    const registered = await engine.execute({ type: 'RegisterHost', host: { id: 'h1', name: 'h1', description: '', tunnel_ip: '192.0.2.1', mac: '02:00:00:00:00:01' } }, context(1));
    expect(E.isRight(registered)).toBe(true);
    const at = engine.world.position;
    expect(machine.hostKnownAt('h1', at - 1)).toBe(false);
    expect(machine.hostKnownAt('h1', at)).toBe(true);
    expect(machine.hostKnownAt('h2', at)).toBe(false);
    await engine.stop();
    await store.close();
  });

  it('shares the world rebuilt for reads of one moment while it is asked for, and rebuilds for another moment', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { store, engine, machine } = await setup();
      for (const [n, command] of [network, subnet, port('a', 1), port('b', 2)].entries()) expect(E.isRight(await engine.execute(command, context(n)))).toBe(true);
      const [first, again] = await Promise.all([machine.pastWorld(3), machine.pastWorld(3)]);
      expect(again).toBe(first);
      expect(first.position).toBe(3);
      vi.advanceTimersByTime(29_000);
      expect(await machine.pastWorld(3)).toBe(first);
      vi.advanceTimersByTime(29_000);
      expect(await machine.pastWorld(3)).toBe(first);
      // Not asked for 30 s: forgotten.
      vi.advanceTimersByTime(30_000);
      const later = await machine.pastWorld(3);
      expect(later).not.toBe(first);
      expect(later.portNetwork.size).toBe(first.portNetwork.size);
      const other = await machine.pastWorld(4);
      expect(other.position).toBe(4);
      expect(await machine.pastWorld(3)).not.toBe(later);
      await engine.stop();
      await store.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('resolves timestamps: before the first event is the empty world, after the last is the present', async () => {
    const { store, engine, machine } = await setup();
    await engine.execute(network, context(1));
    await engine.execute(subnet, context(2));
    const before = machine.resolve('2026-11-22T04:00:00Z');
    const between = machine.resolve('2026-11-22T05:00:01.500Z');
    const after = machine.resolve('2030-01-01T00:00:00+02:00');
    expect(E.isRight(before) && before.right.position).toBe(0);
    // The network create is two events (segmentation reservation, then the network).
    expect(E.isRight(between) && between.right.position).toBe(2);
    expect(E.isRight(after) && after.right.position).toBe(engine.world.position);
    expect(E.isLeft(machine.resolve('yesterday'))).toBe(true);
    await engine.stop();
    await store.close();
  });

  it('gives every version of a resource with the event, actor and time that made it', async () => {
    const { store, engine, machine } = await setup();
    await engine.execute(network, context(1));
    await engine.execute(subnet, context(2));
    await engine.execute(port('p1', 1), context(3, 'alice'));
    await engine.execute({ type: 'UpdatePort', id: 'p1', changes: { name: 'web' } }, context(4, 'bob'));
    await engine.execute({ type: 'DeletePort', id: 'p1' }, context(5, 'carol'));
    const history = right(await machine.history('port', 'p1'));
    expect(history.map((v) => [v.event_type, v.actor.user_id, v.resource?.name ?? null, v.resource?.revision_number ?? null])).toEqual([
      ['PortCreated', 'alice', '', 0],
      ['PortUpdated', 'bob', 'web', 1],
      ['PortDeleted', 'carol', null, null],
    ]);
    const byBob = right(await machine.events({ actor: 'bob' }, true, 10));
    expect(byBob.map((e) => e.type)).toEqual(['PortUpdated']);
    const byCommand = right(await machine.events({ commandId: 'command-5' }, false, 10));
    expect(byCommand.map((e) => e.type)).toEqual(['PortDeleted']);
    await engine.stop();
    await store.close();
  });

  it('shows a rule as gone once its group is deleted, also when the group comes back under the same id', async () => {
    const { store, engine, machine } = await setup();
    const commands: Command[] = [
      ensureDefaultSecurityGroup('p', 'default-group'),
      createSecurityGroup('g'),
      createRule('r', 'g'),
      createRule('d', 'default-group'),
      { type: 'DeleteSecurityGroup', id: 'g', by_admin: false },
      createSecurityGroup('g'),
    ];
    for (const [n, command] of commands.entries()) expect(E.isRight(await engine.execute(command, context(n)))).toBe(true);
    const seen = [];
    for (let position = 0; position <= engine.world.position; position++) {
      const world = await machine.worldAt(position);
      for (const id of ['r', 'd', 'g-egress-4']) {
        const shown = right(await machine.viewAt('security_group_rule', id, position));
        expect(shown).toEqual(topology.security_group_rules.get(world, id));
        seen.push(shown !== undefined);
      }
      for (const id of ['g', 'default-group']) expect(right(await machine.viewAt('security_group', id, position))).toEqual(topology.security_groups.get(world, id));
    }
    // Rule r was shown while it lived, and not after its group went and came back.
    expect(right(await machine.viewAt('security_group_rule', 'r', engine.world.position))).toBeUndefined();
    expect(seen.filter(Boolean).length).toBeGreaterThan(3);
    await engine.stop();
    await store.close();
  });

  it('shows no event of another resource when every key hashes alike', async () => {
    const { store, engine, machine } = await setup({ hash: () => [7, 7], blockRows: 2, bufferEntries: 3, blockEntries: 1 });
    const commands: Command[] = [network, subnet, port('p1', 1), port('p2', 2), { type: 'UpdatePort', id: 'p1', changes: { name: 'web' } }, { type: 'DeletePort', id: 'p2' }];
    for (const [n, command] of commands.entries()) expect(E.isRight(await engine.execute(command, context(n)))).toBe(true);
    const log: RecordedEvent[] = [];
    for await (const event of store.readAll(0)) log.push(recordedEvent(event));
    const touching = (kind: ResourceKind | undefined, id: string) =>
      log.filter((e) => subjectsOf(e, () => undefined).some((s) => s.id === id && (kind === undefined || s.kind === kind))).map((e) => e.position);
    expect(right(await machine.history('port', 'p1')).map((v) => v.position)).toEqual(touching('port', 'p1'));
    expect(right(await machine.history('network', 'n1')).map((v) => v.position)).toEqual(touching('network', 'n1'));
    for (const [kind, id] of [['port', 'p2'], [undefined, 's1'], ['subnet', 'p1']] as const)
      expect(right(await machine.events({ resourceKind: kind, resourceId: id }, false, 100)).map((e) => e.position)).toEqual(touching(kind, id));
    await engine.stop();
    await store.close();
  });

  it.each([
    ['', {}],
    [', when every key hashes alike', { hash: () => [7, 7] as const }],
  ])('gives a router the updates and the removal of its interface port, which the events do not name%s', async (_, auditOptions: AuditFileOptions) => {
    const { store, engine, machine } = await setup(auditOptions);
    const commands: Command[] = [
      network, subnet, port('p1', 1), createRouter('rt1'), addInterface('rt1', { subnet_id: 's1' }, 'rt1-if'),
      { type: 'UpdatePort', id: 'rt1-if', changes: { name: 'gateway' } }, { type: 'UpdatePort', id: 'p1', changes: { name: 'web' } },
      { type: 'RemoveRouterInterface', router_id: 'rt1', subnet_id: 's1' }, { type: 'DeletePort', id: 'p1' },
    ];
    for (const [n, command] of commands.entries()) expect(E.isRight(await engine.execute(command, context(n)))).toBe(true);
    // The router's own interface events (its revision moves with them, as in Neutron) sit beside the port events.
    const expected = ['RouterCreated', 'PortCreated', 'RouterInterfaceAdded', 'PortUpdated', 'PortDeleted', 'RouterInterfaceRemoved'];
    expect(right(await machine.history('router', 'rt1')).map((v) => v.event_type)).toEqual(expected);
    expect(right(await machine.events({ resourceId: 'rt1' }, false, 100)).map((e) => e.type)).toEqual(expected);
    await engine.stop();
    await store.close();
  });

  it('refuses history with 503 once the audit index could not write, while commands go on', async () => {
    const { dir, store, engine, machine } = await setup({ blockRows: 1 });
    await engine.execute(network, context(1));
    expect(E.isRight(machine.resolve('1'))).toBe(true);
    await rm(join(dir, 'audit'), { recursive: true });
    expect(E.isRight(await engine.execute(subnet, context(2)))).toBe(true);
    expect(engine.world.subnetNetwork.has('s1')).toBe(true);
    const refused = [machine.resolve('1'), await machine.events({}, true, 10), await machine.history('network', 'n1'), await machine.viewAt('network', 'n1', 1)];
    for (const answer of refused) expect(E.isLeft(answer) && answer.left).toMatchObject({ status: 503, type: 'ServiceUnavailable', message: expect.stringMatching(/audit index could not write.*ENOENT/) });
    await engine.stop();
    await store.close();
  });

  it('still answers when snapshots are deleted, only slower', async () => {
    const { dir, store, engine, machine } = await setup();
    await engine.execute(network, context(1));
    await engine.execute(subnet, context(2));
    for (let i = 0; i < 12; i++) await engine.execute(port(`x-${i}`, i), context(3 + i));
    const expected = JSON.stringify([...(await machine.worldAt(10)).portNetwork.keys()]);
    for (const name of await readdir(join(dir, 'snapshots'))) await rm(join(dir, 'snapshots', name));
    expect(JSON.stringify([...(await machine.worldAt(10)).portNetwork.keys()])).toBe(expected);
    await engine.stop();
    await store.close();
  });

  it('refuses a snapshot that holds no world, says why, and replays the log instead of using it', async () => {
    const refused: [string, string][] = [];
    const { dir, store, engine, machine } = await setup({}, {}, (file, reason) => void refused.push([file, reason]));
    await engine.execute(network, context(1));
    await engine.execute(subnet, context(2));
    for (let i = 0; i < 12; i++) await engine.execute(port(`x-${i}`, i), context(3 + i));
    const expected = JSON.stringify([...(await machine.worldAt(10)).portNetwork.keys()]);
    const names = (await readdir(join(dir, 'snapshots'))).sort((a, b) => Number(/\d+/.exec(a)) - Number(/\d+/.exec(b)));
    expect(names.length).toBeGreaterThan(2);
    const [first, whole, ...others] = names.map((name) => join(dir, 'snapshots', name));
    const stampAndWorld = async (path: string) => {
      const file = await readFile(path);
      const end = file.indexOf(0x0a) + 1;
      return { stamp: file.subarray(0, end), snapshot: deserializeSlices(file.subarray(end)) as { world: any } };
    };
    // Bytes that are no serialization at all, a world of this layout serialized whole (as snapshots
    // were written before slices), and a well-formed one of a world of another shape (a map become a plain object).
    await writeFile(first, Buffer.concat([(await stampAndWorld(first)).stamp, Buffer.from('not a world')]));
    const { stamp: wholeStamp, snapshot: wholeSnapshot } = await stampAndWorld(whole);
    await writeFile(whole, Buffer.concat([wholeStamp, serialize(wholeSnapshot)]));
    for (const path of others) {
      const { stamp, snapshot } = await stampAndWorld(path);
      snapshot.world.portNetwork = Object.fromEntries(snapshot.world.portNetwork);
      await writeFile(path, Buffer.concat([stamp, await sliced(snapshot)]));
    }
    expect(JSON.stringify([...(await machine.worldAt(10)).portNetwork.keys()])).toBe(expected);
    expect(JSON.stringify([...(await machine.worldAt(engine.world.position)).portNetwork.keys()])).toBe(JSON.stringify([...engine.world.portNetwork.keys()]));
    expect(refused.map(([file]) => file).sort()).toEqual([first, whole, ...others].sort());
    for (const file of [first, whole]) expect(refused.find(([path]) => path === file)?.[1]).toMatch(/^it does not deserialize/);
    for (const [file, reason] of refused) if (file !== first && file !== whole) expect(reason).toBe('it holds no world of layout 4 (at world.portNetwork)');
    expect(await readdir(join(dir, 'snapshots'))).toEqual([]);
    await engine.stop();
    await store.close();
  });
});
