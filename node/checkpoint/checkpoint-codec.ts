import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { failureAt, mapOf, shaped, typed, WorldCodec, type World } from '../../domain/index.js';
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

const GoalStatesCodec = t.strict({
  position: t.number,
  placement: t.strict({
    ports: mapOf(t.string, entity<ValueOf<Placement['ports']>>()),
    networkHosts: referrers,
    groupHosts: referrers,
    networkRouters: referrers,
    remoteRules: mapOf(t.string, ids),
    floatingIps: mapOf(t.string, entity<ValueOf<Placement['floatingIps']>>()),
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

/** The payload's codec: the compiler holds what it checks to be the node's state. */
const SavedNodeCodec = t.strict({
  world: WorldCodec,
  goalStates: GoalStatesCodec,
  streams: HostStreamsCodec,
  audit: AuditCodec,
  idempotencyKeys: IdempotencyKeysCodec,
}) satisfies t.Decoder<unknown, SavedNode>;

/** The payload of a checkpoint at `position` as the node's state, or where it is not. */
export const decodeSavedNode = (payload: unknown, position: number): E.Either<string, SavedNode> => {
  // The payload itself, not decode's copy of it: exact codecs rebuild objects, and the maps' order and the objects' sharing are the state.
  if (!SavedNodeCodec.is(payload)) return E.left(`holds no node state of this layout (at ${failureAt(SavedNodeCodec, payload)})`);
  const saved: SavedNode = payload;
  if (saved.world.position !== position || saved.goalStates.position !== position) return E.left(`holds a state of another position than ${position}`);
  return E.right(saved);
};
