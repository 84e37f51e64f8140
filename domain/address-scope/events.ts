import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';
import { AddressScopeChanges, AddressScopeFields } from './address-scope.js';

export const AddressScopeCreated = eventCodec('AddressScopeCreated', 1, t.type({ scope: AddressScopeFields }));
export const AddressScopeUpdated = eventCodec('AddressScopeUpdated', 1, t.type({ id: t.string, changes: AddressScopeChanges }));
export const AddressScopeDeleted = eventCodec('AddressScopeDeleted', 1, t.type({ id: t.string }));
export type AddressScopeCreated = t.TypeOf<typeof AddressScopeCreated>;
export type AddressScopeUpdated = t.TypeOf<typeof AddressScopeUpdated>;
export type AddressScopeDeleted = t.TypeOf<typeof AddressScopeDeleted>;
