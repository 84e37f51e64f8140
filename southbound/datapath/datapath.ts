import type { GoalStateDocument, Op } from '../../projections/goal-state/ops.js';

/**
 * What keeps a host's datapath in its goal state. The agent hands it every snapshot it adopts and
 * the ops of every diff it applies, in order; the goal state it is given is the agent's own, kept
 * current. The default datapath is the agent's memory alone (none of these).
 */
export interface Datapath {
  /** A whole goal state (the first snapshot, or a resync): make the host match it, keeping what is already right. */
  adopt(goalState: GoalStateDocument): void;
  /** A diff applied to that goal state: program only what its ops name. */
  apply(ops: readonly Op[]): void;
  /** Resolves once everything handed over so far is programmed. */
  idle(): Promise<void>;
  /** Stops watching the host (what is programmed stays). */
  close(): Promise<void>;
}
