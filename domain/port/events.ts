import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';
import { PortChanges, PortFields } from './port.js';

/** The IPs and the MAC are chosen at decision time and written here; replay never re-decides them. */
export const PortCreated = eventCodec('PortCreated', 1, t.type({ port: PortFields }));
export const PortUpdated = eventCodec('PortUpdated', 1, t.type({ id: t.string, network_id: t.string, changes: PortChanges }));
export const PortDeleted = eventCodec('PortDeleted', 1, t.type({ id: t.string, network_id: t.string }));
export type PortCreated = t.TypeOf<typeof PortCreated>;
export type PortUpdated = t.TypeOf<typeof PortUpdated>;
export type PortDeleted = t.TypeOf<typeof PortDeleted>;
