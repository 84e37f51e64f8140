import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordedEvent, emptyWorld, evolve, type Command, type RecordedEvent } from '../domain/index.js';
import { Engine } from '../engine/engine.js';
import { auditIndexIn, type AuditFileOptions } from '../infra/audit/audit-files.js';
import { EmbeddedEventStore } from '../infra/store/index.js';
import { GoalStateArchive } from '../southbound/archive/goal-state-archive.js';
import { HostStreams } from '../southbound/index.js';
import { TimeMachine } from '../history/time-machine.js';
import { WorldSnapshots } from '../history/world-snapshots.js';
import { RESOURCE_KINDS, SELF_CONTAINED_KINDS, subjectsOf, topology, type AuditFilter } from '../projections/index.js';
import { commandsAfterPrologue, PROLOGUE } from './arbitraries/commands.js';
import { parameters } from './settings.js';
import { snapshot } from './support/snapshot.js';
import { GoalStates } from '../projections/goal-state/index.js';

const ACTORS = [
  { projectId: 'p1', userId: 'alice' },
  { projectId: 'p1', userId: 'bob' },
  { projectId: 'p2', userId: 'carol' },
];

/** A real engine whose history has several actors and a clock that moves a second per command. */
const historyOf = async (commands: readonly Command[], actors: readonly number[], auditOptions: AuditFileOptions = {}) => {
  const dir = await mkdtemp(join(tmpdir(), 'netledger-time-'));
  const store = await EmbeddedEventStore.open(join(dir, 'log'));
  // Tiny blocks and buffers, so the answers come through written blocks, runs and merges.
  const audit = auditIndexIn(join(dir, 'audit'), { blockRows: 3, bufferEntries: 4, blockEntries: 2, ...auditOptions });
  const snapshots = new WorldSnapshots(join(dir, 'snapshots'), { minInterval: 5, eventsPerEntity: 0 });
  // A snapshot after nearly every diff, so hosts' goal states come from snapshots and diffs both.
  const archive = new GoalStateArchive(join(dir, 'goal-states'), { minSpacing: 200 });
  const streams = new HostStreams(new GoalStates());
  streams.recordEach(archive);
  const engine = await Engine.start(store, [audit, snapshots, streams]);
  for (const [n, command] of commands.entries())
    await engine.execute(command, {
      commandId: `command-${n}`,
      correlationId: `correlation-${n % 4}`,
      actor: ACTORS[actors[n % actors.length]],
      decidedAt: new Date(Date.UTC(2026, 10, 22, 6, 0, 0) + n * 1000).toISOString(),
    });
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll(0)) events.push(recordedEvent(event));
  const machine = new TimeMachine(store, () => engine.world, audit, snapshots, archive);
  const close = async () => {
    await engine.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { machine, events, engine, close };
};

const actorIndexes = fc.array(fc.integer({ min: 0, max: ACTORS.length - 1 }), { minLength: 1, maxLength: 5 });

describe('property 7: time travel', () => {
  it('gives, as of every position p, the state of the fold of the log’s first p events', async () => {
    await fc.assert(
      fc.asyncProperty(commandsAfterPrologue(40), actorIndexes, async (generated, actors) => {
        const { machine, events, close } = await historyOf([...PROLOGUE, ...generated], actors);
        try {
          const fold = emptyWorld();
          expect(snapshot(await machine.worldAt(0))).toEqual(snapshot(fold));
          for (const event of events) {
            evolve(fold, event);
            expect(snapshot(await machine.worldAt(event.position))).toEqual(snapshot(fold));
          }
        } finally {
          await close();
        }
      }),
      parameters(15),
    );
  });

  it('shows a network, subnet, port, router, security group, rule, host, address scope, subnet pool, rbac policy or address group as of p from its own history exactly as the world at p shows it', async () => {
    await fc.assert(
      fc.asyncProperty(commandsAfterPrologue(40), actorIndexes, async (generated, actors) => {
        const { machine, events, engine, close } = await historyOf([...PROLOGUE, ...generated], actors);
        try {
          const ids = {
            network: [...new Set(events.flatMap((e) => (e.type === 'NetworkCreated' ? [e.data.network.id] : [])))],
            subnet: [...new Set(events.flatMap((e) => (e.type === 'SubnetCreated' ? [e.data.subnet.id] : [])))],
            port: [...new Set(events.flatMap((e) => (e.type === 'PortCreated' ? [e.data.port.id] : [])))],
            router: [...new Set(events.flatMap((e) => (e.type === 'RouterCreated' ? [e.data.router.id] : [])))],
            security_group: [...new Set(events.flatMap((e) => (e.type === 'SecurityGroupCreated' ? [e.data.group.id] : [])))],
            host: [...new Set(events.flatMap((e) => (e.type === 'HostRegistered' ? [e.data.host.id] : [])))],
            address_scope: [...new Set(events.flatMap((e) => (e.type === 'AddressScopeCreated' ? [e.data.scope.id] : [])))],
            subnetpool: [...new Set(events.flatMap((e) => (e.type === 'SubnetPoolCreated' ? [e.data.pool.id] : [])))],
            rbac_policy: [...new Set(events.flatMap((e) => (e.type === 'RbacPolicyCreated' ? [e.data.policy.id] : [])))],
            address_group: [...new Set(events.flatMap((e) => (e.type === 'AddressGroupCreated' ? [e.data.group.id] : [])))],
            security_group_rule: [
              ...new Set(
                events.flatMap((e) =>
                  e.type === 'SecurityGroupCreated' ? e.data.rules.map((r) => r.id) : e.type === 'SecurityGroupRuleCreated' ? [e.data.rule.id] : [],
                ),
              ),
            ],
          };
          const collections = {
            network: topology.networks,
            subnet: topology.subnets,
            port: topology.ports,
            router: topology.routers,
            security_group: topology.security_groups,
            security_group_rule: topology.security_group_rules,
            host: topology.hosts,
            address_scope: topology.address_scopes,
            subnetpool: topology.subnetpools,
            rbac_policy: topology.rbac_policies,
            address_group: topology.address_groups,
          };
          for (let position = 0; position <= engine.world.position; position += 3) {
            const world = await machine.worldAt(position);
            for (const kind of SELF_CONTAINED_KINDS)
              for (const id of ids[kind]) expect(await machine.viewAt(kind, id, position)).toEqual(E.right(collections[kind].get(world, id)));
          }
        } finally {
          await close();
        }
      }),
      parameters<[Command[], number[]]>(15, [
        // A network's delete takes its RBAC policies along, without an event of theirs.
        [[{ type: 'CreateRbacPolicy', policy: { id: 'rb1', project_id: 'p', object_type: 'network', object_id: 'n1', action: 'access_as_shared', target_tenant: '*' } }, { type: 'DeleteNetwork', id: 'n1' }], [0]],
      ]),
    );
  });

  const sameHash = { hash: () => [0, 0] as const };
  it.each([
    ['', {}],
    [', even when every resource key hashes alike', sameHash],
  ])('answers an audit query with exactly the matching events, in the asked order%s', async (_, auditOptions: AuditFileOptions) => {
    const parts = {
      resourceKind: fc.constantFrom(...RESOURCE_KINDS),
      resourceId: fc.constantFrom('n1', 'n2', 's1', 'p1', 'g1', 'rt1', 'h1'),
      project: fc.constantFrom('p1', 'p2'),
      actor: fc.constantFrom('alice', 'bob', 'carol'),
      eventType: fc.constantFrom('NetworkCreated', 'PortCreated', 'PortUpdated', 'SubnetCreated', 'SecurityGroupRuleCreated'),
      correlationId: fc.constantFrom('correlation-0', 'correlation-1'),
      fromPosition: fc.integer({ min: 0, max: 80 }),
      toPosition: fc.integer({ min: 0, max: 120 }),
      since: fc.integer({ min: 0, max: 60 }).map((s) => Date.UTC(2026, 10, 22, 6, 0, s)),
      until: fc.integer({ min: 0, max: 90 }).map((s) => Date.UTC(2026, 10, 22, 6, 0, s)),
    };
    // A few filters at a time: with all of them together nearly every query would match nothing.
    const filter = fc
      .subarray(Object.keys(parts) as (keyof typeof parts)[], { minLength: 0, maxLength: 3 })
      .chain((keys) => fc.record(Object.fromEntries(keys.map((k) => [k, parts[k]])) as { [K in keyof typeof parts]?: (typeof parts)[K] }));
    await fc.assert(
      fc.asyncProperty(commandsAfterPrologue(30), actorIndexes, fc.array(fc.tuple(filter, fc.boolean(), fc.integer({ min: 1, max: 200 })), { minLength: 1, maxLength: 8 }), async (generated, actors, queries) => {
        const { machine, events, close } = await historyOf([...PROLOGUE, ...generated], actors, auditOptions);
        try {
          for (const [query, newestFirst, limit] of queries) {
            const f: AuditFilter & { correlationId?: string } = query;
            const matches = (event: RecordedEvent) => {
              const subjects = subjectsOf(event, (port) => routerOfInterface(events, event.position, port));
              const time = Date.parse(event.metadata.decidedAt);
              return (
                (f.resourceKind === undefined || subjects.some((s) => s.kind === f.resourceKind && (f.resourceId === undefined || s.id === f.resourceId))) &&
                (f.resourceId === undefined || subjects.some((s) => s.id === f.resourceId && (f.resourceKind === undefined || s.kind === f.resourceKind))) &&
                (f.project === undefined || event.metadata.actor.projectId === f.project) &&
                (f.actor === undefined || event.metadata.actor.userId === f.actor) &&
                (f.eventType === undefined || event.type === f.eventType) &&
                (f.correlationId === undefined || event.metadata.correlationId === f.correlationId) &&
                (f.fromPosition === undefined || event.position >= f.fromPosition) &&
                (f.toPosition === undefined || event.position <= f.toPosition) &&
                (f.since === undefined || time >= f.since) &&
                (f.until === undefined || time <= f.until)
              );
            };
            const expected = events.filter(matches).map((e) => e.position);
            if (newestFirst) expected.reverse();
            const answered = E.map((page: RecordedEvent[]) => page.map((e) => e.position))(await machine.events(f, newestFirst, limit));
            expect(answered).toEqual(E.right(expected.slice(0, limit)));
          }
        } finally {
          await close();
        }
      }),
      parameters(25),
    );
  });
});

/** The router a port served as an interface just before `position`, found by brute force over the events. */
const routerOfInterface = (events: readonly RecordedEvent[], position: number, portId: string): string | undefined => {
  let router: string | undefined;
  for (const event of events) {
    if (event.position >= position) break;
    if (event.type === 'PortCreated' && event.data.port.id === portId)
      router = event.data.port.device_owner === 'network:router_interface' && event.data.port.device_id ? event.data.port.device_id : undefined;
    if (event.type === 'PortUpdated' && event.data.id === portId && event.data.changes.device_owner !== undefined)
      router = event.data.changes.device_owner === 'network:router_interface' && event.data.changes.device_id ? event.data.changes.device_id : undefined;
    if (event.type === 'PortDeleted' && event.data.id === portId) router = undefined;
  }
  return router;
};
