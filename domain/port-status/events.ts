import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';
import { PortStatus, StatusReason } from './port-status.js';

/** A port's status changed; `host_id` is the host whose agent (or silence) it reflects. */
export const PortStatusChanged = eventCodec(
  'PortStatusChanged',
  1,
  t.type({ id: t.string, network_id: t.string, host_id: t.string, status: PortStatus, reason: StatusReason }),
);
export type PortStatusChanged = t.TypeOf<typeof PortStatusChanged>;
