export { Engine, type CommandContext, type CommandError, type Executed, type EngineOptions } from './engine.js';
export { LaneFull } from './lanes.js';
