import * as E from 'fp-ts/lib/Either.js';
import type { Body, GoalStateDocument, Kind } from '../projections/goal-state/index.js';
import type { Diff, Snapshot } from './wire.js';

/** What an agent holds: a host's goal state and the seq it is at. */
export interface HostState {
  readonly hostId: string;
  seq: number;
  position: number;
  readonly goalState: GoalStateDocument;
}

/** A diff that does not follow the state's seq: applying it would skip or repeat changes. */
export interface Gap {
  readonly _tag: 'Gap';
  readonly expected: number;
  readonly received: number;
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
 * Applies diff seq+1 to a host's state, in place: the one definition of what a diff means, used
 * by the agent, the tests and the replay. Any other seq is refused, so a gap is never papered over.
 */
export const applyDiff = (state: HostState, diff: Diff): E.Either<Gap, HostState> => {
  if (diff.seq !== state.seq + 1) return E.left({ _tag: 'Gap', expected: state.seq + 1, received: diff.seq });
  for (const op of diff.ops) {
    const entries = state.goalState[op.kind] ?? table();
    if (op.op === 'upsert') {
      entries[op.id] = op.body;
      state.goalState[op.kind] = entries;
    } else {
      delete entries[op.id];
      if (isEmpty(entries)) delete state.goalState[op.kind];
    }
  }
  state.seq = diff.seq;
  state.position = diff.position;
  return E.right(state);
};
