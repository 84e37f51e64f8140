export { Engine, type CommandContext, type CommandError, type Executed, type EngineOptions } from './engine.js';
export { LaneFull, Overloaded } from './lanes.js';
export { allOf, outcomeOf, type CommandObserver } from './command-observer.js';
export { commandLog } from './command-log.js';
