/** Each host's goal state, computed incrementally from the log: the input of the southbound. */
export { GoalStates, goalStateFromScratch, type EncodedTables, type GoalStatesState } from './goal-states.js';
export { netChange } from './net-change.js';
export { GOAL_STATE_GRAPH } from './graph.js';
export { canonicalJson } from './canonical-json.js';
export { KINDS, byKindAndId, byText, type Body, type GoalStateDocument, type HostChanges, type Kind, type Op } from './ops.js';
