import * as t from 'io-ts';
import { PortStatus, StatusReason } from './port-status.js';

/**
 * A fact from a host about one port: its agent applied the diff that brought it (ACTIVE), or the
 * node heard nothing from that agent past its timeout (DOWN). `host_id` is the host it is about.
 */
export const RecordPortStatus = t.type({
  type: t.literal('RecordPortStatus'),
  port_id: t.string,
  host_id: t.string,
  status: PortStatus,
  reason: StatusReason,
});
export type RecordPortStatus = t.TypeOf<typeof RecordPortStatus>;
