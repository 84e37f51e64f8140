// Loaded by the archive's thread too (archive-net-change.ts): it imports little.
import { canonicalJson } from './canonical-json.js';
import { byText, KINDS, type Body, type GoalStateDocument, type Kind, type Op } from './ops.js';

/** How the net change compares two goal states' entries, whatever holds them. */
export interface Entries<E> {
  /** A kind's entries, in the order of their ids (byText). */
  of(kind: Kind): readonly E[];
  /** The order of two entries' ids: 0 for the same id. */
  order(a: E, b: E): number;
  /** Whether two entries of the same id hold the same body. */
  same(a: E, b: E): boolean;
}

/** Where the net change's ops go, in diff order: kind by kind (KINDS), id by id. */
interface NetChangeOut<E> {
  upsert(kind: Kind, entry: E): void;
  delete(kind: Kind, entry: E): void;
}

/**
 * The net change from one goal state to another, the one definition of it: the ops that turn
 * `from` into `to`, whatever happened in between. An id only `from` holds is deleted; one only
 * `to` holds, or whose body differs, is upserted with `to`'s body; the rest is left out.
 */
export const netChangeOf = <E>(from: Entries<E>, to: Entries<E>, out: NetChangeOut<E>): void => {
  for (const kind of KINDS) {
    const before = from.of(kind);
    const after = to.of(kind);
    for (let i = 0, j = 0; i < before.length || j < after.length; ) {
      const order = i === before.length ? 1 : j === after.length ? -1 : to.order(before[i], after[j]);
      if (order < 0) out.delete(kind, before[i++]);
      else if (order > 0) out.upsert(kind, after[j++]);
      else if (!to.same(before[i++], after[j])) out.upsert(kind, after[j++]);
      else j++;
    }
  }
};

type Entry = readonly [id: string, body: Body];

const entriesOf = (goalState: GoalStateDocument): Entries<Entry> => ({
  of: (kind) => Object.entries(goalState[kind] ?? {}).sort(([a], [b]) => byText(a, b)),
  order: ([a], [b]) => byText(a, b),
  same: ([, a], [, b]) => canonicalJson(a) === canonicalJson(b),
});

/** The net change between two goal states as plain data: the ops of a diff. */
export const netChange = (from: GoalStateDocument, to: GoalStateDocument): Op[] => {
  const ops: Op[] = [];
  netChangeOf(entriesOf(from), entriesOf(to), {
    upsert: (kind, [id, body]) => ops.push({ op: 'upsert', kind, id, body }),
    delete: (kind, [id]) => ops.push({ op: 'delete', kind, id }),
  });
  return ops;
};
