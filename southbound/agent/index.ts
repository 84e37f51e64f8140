/** The reference host agent: snapshot, ordered diffs, resume, checksum. */
export { Agent, type AgentOptions, type AgentStatus } from './agent.js';
