import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';
import { HostChanges, HostFields } from './host.js';

export const HostRegistered = eventCodec('HostRegistered', 1, t.type({ host: HostFields }));
export const HostUpdated = eventCodec('HostUpdated', 1, t.type({ id: t.string, changes: HostChanges }));
export const HostRemoved = eventCodec('HostRemoved', 1, t.type({ id: t.string }));
export type HostRegistered = t.TypeOf<typeof HostRegistered>;
export type HostUpdated = t.TypeOf<typeof HostUpdated>;
export type HostRemoved = t.TypeOf<typeof HostRemoved>;
