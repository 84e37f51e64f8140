import * as t from 'io-ts';

/** What a port's host says of it: ACTIVE once the host's agent applied it, DOWN otherwise. */
export const PortStatus = t.union([t.literal('ACTIVE'), t.literal('DOWN')]);
export type PortStatus = t.TypeOf<typeof PortStatus>;

/**
 * Why a port's status changed: its agent applied it (or went silent past the node's timeout), or
 * the port itself was unbound, moved to another host, or set administratively down.
 */
export const StatusReason = t.union([
  t.literal('agent_applied'),
  t.literal('agent_silent'),
  t.literal('unbound'),
  t.literal('rebound'),
  t.literal('admin_down'),
]);
export type StatusReason = t.TypeOf<typeof StatusReason>;

/** A port's status as the API shows it: DOWN until its host has said otherwise. */
export const statusOf = (port: { readonly status?: PortStatus }): PortStatus => port.status ?? 'DOWN';
