import type { Caller } from './context.js';

/**
 * Who may read a host's goal state: the operator (admin), or that host's own agent credential.
 * Anyone else is told the host does not exist, so no one learns of hosts that are not theirs.
 */
export const mayReadHost = (caller: Caller, hostId: string): boolean => caller.isAdmin || caller.hostId === hostId;
