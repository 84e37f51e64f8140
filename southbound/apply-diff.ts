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

export const emptyHostState = (hostId: string): HostState => ({ hostId, seq: 0, position: 0, goalState: {} });

export const hostStateOf = (snapshot: Snapshot): HostState => ({
  hostId: snapshot.hostId,
  seq: snapshot.seq,
  position: snapshot.position,
  goalState: structuredClone(snapshot.goal_state),
});

/**
 * Applies diff seq+1 to a host's state, in place: the one definition of what a diff means, used
 * by the agent, the tests and the replay. Any other seq is refused, so a gap is never papered over.
 */
export const applyDiff = (state: HostState, diff: Diff): E.Either<Gap, HostState> => {
  if (diff.seq !== state.seq + 1) return E.left({ _tag: 'Gap', expected: state.seq + 1, received: diff.seq });
  for (const op of diff.ops) {
    const table: Record<string, Body> = state.goalState[op.kind as Kind] ?? {};
    if (op.op === 'upsert') {
      table[op.id] = op.body;
      state.goalState[op.kind] = table;
    } else {
      delete table[op.id];
      if (isEmpty(table)) delete state.goalState[op.kind];
    }
  }
  state.seq = diff.seq;
  state.position = diff.position;
  return E.right(state);
};
