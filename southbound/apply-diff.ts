import * as E from 'fp-ts/lib/Either.js';
import type { Checksum } from '../projections/goal-state/checksum.js';
import type { Body, GoalStateDocument, Kind } from '../projections/goal-state/index.js';
import { applyOps, gapAfter, type Gap, type GoalStateTables } from './diff-ops.js';
import { digestOfEntry, type Diff, type Snapshot } from './wire.js';

export type { Gap } from './diff-ops.js';

/** What an agent holds: a host's goal state and the seq it is at. */
export interface HostState {
  readonly hostId: string;
  seq: number;
  position: number;
  readonly goalState: GoalStateDocument;
}

const isEmpty = (table: object): boolean => {
  for (const _ in table) return false;
  return true;
};

/**
 * Tables without a prototype: an id such as "__proto__" or "constructor" is an entry like any other
 * and can reach no object but its own table.
 */
const table = (): Record<string, Body> => Object.create(null) as Record<string, Body>;

export const emptyHostState = (hostId: string): HostState => ({ hostId, seq: 0, position: 0, goalState: Object.create(null) as GoalStateDocument });

export const hostStateOf = (snapshot: Snapshot): HostState => {
  const state = emptyHostState(snapshot.hostId);
  state.seq = snapshot.seq;
  state.position = snapshot.position;
  for (const [kind, entries] of Object.entries(snapshot.goal_state) as [Kind, Record<string, Body>][]) {
    const copy = table();
    for (const [id, body] of Object.entries(entries)) copy[id] = structuredClone(body);
    state.goalState[kind] = copy;
  }
  return state;
};

/**
 * A goal state as plain data, as the tables a diff applies to (see diff-ops.ts), with its checksum
 * kept in step if given: each op takes out the digest of the entry it replaces and adds its own.
 */
const tablesOf = (goalState: GoalStateDocument, checksum?: Checksum): GoalStateTables<string, Body> => ({
  upsert: (kind, id, body) => {
    const entries = goalState[kind as Kind] ?? table();
    const old = entries[id];
    if (checksum) {
      if (old !== undefined) checksum.subtract(digestOfEntry(kind, id, old));
      checksum.add(digestOfEntry(kind, id, body));
    }
    entries[id] = body;
    goalState[kind as Kind] = entries;
  },
  delete: (kind, id) => {
    const entries = goalState[kind as Kind];
    const old = entries?.[id];
    if (!entries || old === undefined) return;
    checksum?.subtract(digestOfEntry(kind, id, old));
    delete entries[id];
    if (isEmpty(entries)) delete goalState[kind as Kind];
  },
});

/**
 * Applies diff seq+1 to a host's state, in place, as diff-ops.ts defines it: used by the agent, the
 * tests and the replay. Any other seq is refused, so a gap is never papered over. `checksum`, the
 * state's, is updated op by op (O(1) per op, not a rehash of the state).
 */
export const applyDiff = (state: HostState, diff: Diff, checksum?: Checksum): E.Either<Gap, HostState> => {
  const gap = gapAfter(state.seq, diff.seq);
  if (gap) return E.left(gap);
  applyOps(tablesOf(state.goalState, checksum), diff.ops);
  state.seq = diff.seq;
  state.position = diff.position;
  return E.right(state);
};
