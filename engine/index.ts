export { Engine, type EngineOptions } from './engine.js';
export type { CommandContext, CommandError, Executed } from './command-result.js';
export { LaneFull, Overloaded } from './lanes.js';
export { allOf, outcomeOf, type CommandObserver } from './command-observer.js';
export { commandLog } from './command-log.js';
