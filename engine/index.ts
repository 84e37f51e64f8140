export { Engine, type EngineOptions } from './engine.js';
export type { CommandContext, CommandError, Executed, KeyTaken } from './command-result.js';
export { keyClaim, type KeyClaim } from './key-claim.js';
export { LaneFull, Overloaded } from './lanes.js';
export { allOf, commandTypeOf, outcomeOf, type CommandObserver } from './command-observer.js';
export { commandLog } from './command-log.js';
