// Loaded by the archive's thread too: it imports nothing.

/**
 * What a diff means, whatever holds the goal state it applies to: diff k applies only to the
 * state at seq k-1, its ops in order; an upsert puts the whole body at its id (a later op on the
 * id replaces an earlier one), a delete removes the id, and a kind left with no entry is no part
 * of the goal state. The agent's state (apply-diff.ts) and the archive's fold of its records
 * (archive/archive-records.ts) are both tables of this kind, so both fold diffs alike.
 */
export interface GoalStateTables<Id, Body> {
  upsert(kind: string, id: Id, body: Body): void;
  delete(kind: string, id: Id): void;
}

/** A diff that does not follow the state's seq: applying it would skip or repeat changes. */
export interface Gap {
  readonly _tag: 'Gap';
  readonly expected: number;
  readonly received: number;
}

/** The gap diff `seq` leaves after a state at seq `at`, if it does not follow it. */
export const gapAfter = (at: number, seq: number): Gap | undefined => (seq === at + 1 ? undefined : { _tag: 'Gap', expected: at + 1, received: seq });

/** One op, as the wire and the records carry it. */
type OpOf<Id, Body> = { readonly op: 'upsert'; readonly kind: string; readonly id: Id; readonly body: Body } | { readonly op: 'delete'; readonly kind: string; readonly id: Id };

/** Applies a diff's ops to the tables, in order. */
export const applyOps = <Id, Body>(tables: GoalStateTables<Id, Body>, ops: Iterable<OpOf<Id, Body>>): void => {
  for (const op of ops) {
    if (op.op === 'upsert') tables.upsert(op.kind, op.id, op.body);
    else tables.delete(op.kind, op.id);
  }
};
