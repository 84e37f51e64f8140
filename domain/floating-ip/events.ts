import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';
import { FloatingIpChanges, FloatingIpFields } from './floating-ip.js';

/** Appended with the PortCreated of the port holding its address, in the external network's stream. */
export const FloatingIpCreated = eventCodec('FloatingIpCreated', 1, t.type({ floating_ip: FloatingIpFields }));
/** network_id: the floating network, whose stream holds the event. */
export const FloatingIpUpdated = eventCodec('FloatingIpUpdated', 1, t.type({ id: t.string, network_id: t.string, changes: FloatingIpChanges }));
/** Followed by the PortDeleted of the port that held its address. */
export const FloatingIpDeleted = eventCodec('FloatingIpDeleted', 1, t.type({ id: t.string, network_id: t.string }));
export type FloatingIpCreated = t.TypeOf<typeof FloatingIpCreated>;
export type FloatingIpUpdated = t.TypeOf<typeof FloatingIpUpdated>;
export type FloatingIpDeleted = t.TypeOf<typeof FloatingIpDeleted>;
