import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';
import { NetworkChanges, NetworkFields } from './network.js';

export const NetworkCreated = eventCodec('NetworkCreated', 1, t.type({ network: NetworkFields }));
export const NetworkUpdated = eventCodec('NetworkUpdated', 1, t.type({ id: t.string, changes: NetworkChanges }));
export const NetworkDeleted = eventCodec('NetworkDeleted', 1, t.type({ id: t.string }));
export type NetworkCreated = t.TypeOf<typeof NetworkCreated>;
export type NetworkUpdated = t.TypeOf<typeof NetworkUpdated>;
export type NetworkDeleted = t.TypeOf<typeof NetworkDeleted>;
