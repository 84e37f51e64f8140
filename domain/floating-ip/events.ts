import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';
import { FloatingIpChanges, FloatingIpFields } from './floating-ip.js';

/** Appended with the PortCreated of the port holding its address, in the external network's stream. */
export const FloatingIpCreated = eventCodec('FloatingIpCreated', 1, t.type({ floating_ip: FloatingIpFields }));
/** network_id: the floating network, whose stream holds the event. */
export const FloatingIpUpdated = eventCodec('FloatingIpUpdated', 1, t.type({ id: t.string, network_id: t.string, changes: FloatingIpChanges }));
/**
 * In the stream of the network of the port a floating IP is mapped onto, in the append of the
 * FloatingIpCreated or FloatingIpUpdated that maps it (network_id: that port's network). The mapping
 * thus moves the port's stream: a delete of the port decided meanwhile (on another node) is
 * refused by its expected revision and decided again, and then sees the floating IP it must
 * release. Changes nothing in the world: the floating IP's own event holds the mapping.
 */
export const FloatingIpMappedOntoPort = eventCodec('FloatingIpMappedOntoPort', 1, t.type({ id: t.string, port_id: t.string, network_id: t.string }));
/** Followed by the PortDeleted of the port that held its address. */
export const FloatingIpDeleted = eventCodec('FloatingIpDeleted', 1, t.type({ id: t.string, network_id: t.string }));
export type FloatingIpCreated = t.TypeOf<typeof FloatingIpCreated>;
export type FloatingIpUpdated = t.TypeOf<typeof FloatingIpUpdated>;
export type FloatingIpDeleted = t.TypeOf<typeof FloatingIpDeleted>;
export type FloatingIpMappedOntoPort = t.TypeOf<typeof FloatingIpMappedOntoPort>;
