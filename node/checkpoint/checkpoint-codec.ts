import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { failureAt, mapOf, portOf, shaped, typed, WorldCodec, type World } from '../../domain/index.js';
import { RESOURCE_KINDS, type KeyedWrite } from '../../projections/index.js';
import { KINDS, type Body, type GoalStatesState } from '../../projections/goal-state/index.js';
import type { HostStreamsState } from '../../southbound/index.js';
import type { SavedAudit } from '../../infra/audit/audit-files.js';

/** What a checkpoint holds: everything the node folds, as of one position. */
export interface SavedNode {
  readonly world: World;
  readonly goalStates: GoalStatesState;
  readonly streams: HostStreamsState;
  readonly audit: SavedAudit;
  readonly idempotencyKeys: ReadonlyMap<string, KeyedWrite>;
}

/**
 * An entity of a goal state (a port's placement, a body): an object. Checked one level deep
 * only: its inside is bytes that this node's own serializer wrote, which the file's checksum
 * covers; the containers around it are all checked, so a field missing from the checkpoint (an
 * older writer, a slip) is caught here and the checkpoint is not used.
 */
const entity = <A>() => shaped<A>('entity', (u) => typeof u === 'object' && u !== null);

const ids = mapOf(t.string, t.string);
const counts = mapOf(t.string, t.number);
const referrers = mapOf(t.string, counts);
type ValueOf<M> = M extends Map<unknown, infer V> ? V : never;
type Placement = GoalStatesState['placement'];

const oneOf = <K extends string>(values: readonly K[]) => t.keyof(Object.fromEntries(values.map((k) => [k, null])) as Record<K, null>);
const kind = oneOf(KINDS);

const IdempotencyKeysCodec = mapOf(
  t.string,
  t.strict({ commandId: t.string, decidedAt: t.number, first: t.number, last: t.number, created: t.array(t.strict({ kind: oneOf(RESOURCE_KINDS), id: t.string })) }),
);

const entry = t.strict({ body: entity<Body>(), encoded: t.string });

/** A placement's port or floating IP that is the world's own object, as a checkpoint writes it (its slices share no objects). */
const THE_WORLDS = 0;
const orTheWorlds = <A>(codec: t.Type<A, A, unknown>) => t.union([codec, t.literal(THE_WORLDS)]);

const GoalStatesCodec = t.strict({
  position: t.number,
  placement: t.strict({
    ports: mapOf(t.string, orTheWorlds(entity<ValueOf<Placement['ports']>>())),
    networkHosts: referrers,
    groupHosts: referrers,
    networkRouters: referrers,
    remoteRules: mapOf(t.string, ids),
    floatingIps: mapOf(t.string, orTheWorlds(entity<ValueOf<Placement['floatingIps']>>())),
    snatHosts: ids,
    addressGroupRules: mapOf(t.string, ids),
  }),
  hosts: mapOf(t.string, mapOf(kind, mapOf(t.string, entry))),
  neighbors: mapOf(t.string, t.strict({ entry, network: t.string, host: t.string })),
});

const HostStreamsCodec = t.strict({
  streams: mapOf(
    t.string,
    t.strict({
      seq: t.number,
      recent: t.array(t.strict({ seq: t.number, position: t.number, ops: t.string })),
      digest: t.strict({ words: typed('Int32Array(8)', Int32Array, (n) => n === 8), tail: typed('Uint8Array(<64)', Uint8Array, (n) => n < 64), length: t.number }),
    }),
  ),
  arrivals: referrers,
});

/** A run's file name: only ever a name in the audit folder, never a path out of it. */
const RunName = shaped<string>('run file name', (u) => typeof u === 'string' && /^run-\d+\.bin$/.test(u));

const AuditCodec = t.strict({
  index: t.strict({ lastTime: t.number, projects: counts, actors: counts, types: counts, interfaces: ids }),
  head: t.strict({
    rows: t.strict({
      blockRows: t.number,
      blocks: t.number,
      firstPositions: typed('Float64Array', Float64Array),
      firstTimes: typed('Float64Array', Float64Array),
      filling: typed('Uint8Array', Uint8Array),
    }),
    postings: t.strict({
      runs: t.array(t.strict({ name: RunName, count: t.number, level: t.number, firstHi: t.array(t.number), firstLo: t.array(t.number) })),
      hi: typed('Uint32Array', Uint32Array),
      lo: typed('Uint32Array', Uint32Array),
      ordinals: typed('Uint32Array', Uint32Array),
      written: t.number,
      blockEntries: t.number,
    }),
  }),
});

/** The payload's codec: the compiler holds what it checks to be the node's state, the world's objects in the placement marked. */
const StoredNodeCodec = t.strict({
  world: WorldCodec,
  goalStates: GoalStatesCodec,
  streams: HostStreamsCodec,
  audit: AuditCodec,
  idempotencyKeys: IdempotencyKeysCodec,
});
type StoredNode = t.TypeOf<typeof StoredNodeCodec>;

/** `map` with each value that is `theWorlds(key)` itself as the mark, or the reverse (undefined: a mark the world does not fill). */
const marked = <V>(map: ReadonlyMap<string, V>, theWorlds: (key: string) => V | undefined): Map<string, V | typeof THE_WORLDS> => {
  const out = new Map<string, V | typeof THE_WORLDS>();
  for (const [key, value] of map) out.set(key, value === theWorlds(key) ? THE_WORLDS : value);
  return out;
};
const unmarked = <V>(map: ReadonlyMap<string, V | typeof THE_WORLDS>, theWorlds: (key: string) => V | undefined): Map<string, V> | undefined => {
  const out = new Map<string, V>();
  for (const [key, value] of map) {
    const taken = value === THE_WORLDS ? theWorlds(key) : value;
    if (taken === undefined) return undefined;
    out.set(key, taken);
  }
  return out;
};

/**
 * What a checkpoint writes of the node's state: the placement's ports and floating IPs that are
 * the world's objects (all of them, as the fold leaves it) as marks, so that they are one object
 * again when read back, and written once. Run over copies: it takes a pass over the placement.
 */
export const storedNode = (saved: SavedNode): unknown => {
  const { world, goalStates } = saved;
  const { placement } = goalStates;
  return {
    ...saved,
    goalStates: {
      ...goalStates,
      placement: { ...placement, ports: marked(placement.ports, (id) => portOf(world, id)), floatingIps: marked(placement.floatingIps, (id) => world.floatingIps.get(id)) },
    },
  };
};

/** The payload of a checkpoint at `position` as the node's state, or where it is not. */
export const decodeSavedNode = (payload: unknown, position: number): E.Either<string, SavedNode> => {
  // The payload itself, not decode's copy of it: exact codecs rebuild objects, and the maps' order and the objects' sharing are the state.
  if (!StoredNodeCodec.is(payload)) return E.left(`holds no node state of this layout (at ${failureAt(StoredNodeCodec, payload)})`);
  const stored: StoredNode = payload;
  const { world, goalStates } = stored;
  if (world.position !== position || goalStates.position !== position) return E.left(`holds a state of another position than ${position}`);
  const ports = unmarked(goalStates.placement.ports, (id) => portOf(world, id));
  const floatingIps = unmarked(goalStates.placement.floatingIps, (id) => world.floatingIps.get(id));
  if (!ports || !floatingIps) return E.left("marks a port or floating IP of the world's that the world does not hold");
  return E.right({ ...stored, goalStates: { ...goalStates, placement: { ...goalStates.placement, ports, floatingIps } } });
};
