/** The reference host agent: snapshot, ordered diffs, resume, checksum; its transports share HostAgent. */
export { Agent, type AgentOptions } from './agent.js';
export { HostAgent, type AgentStatus, type HostAgentOptions } from './host-agent.js';
