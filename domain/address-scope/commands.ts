import * as t from 'io-ts';
import { AddressScopeChanges, AddressScopeFields } from './address-scope.js';

export const CreateAddressScope = t.type({ type: t.literal('CreateAddressScope'), scope: AddressScopeFields });
export const UpdateAddressScope = t.intersection([
  t.type({ type: t.literal('UpdateAddressScope'), id: t.string, changes: AddressScopeChanges }),
  t.partial({ if_revision: t.number }),
]);
export const DeleteAddressScope = t.intersection([
  t.type({ type: t.literal('DeleteAddressScope'), id: t.string }),
  t.partial({ if_revision: t.number }),
]);
export type CreateAddressScope = t.TypeOf<typeof CreateAddressScope>;
export type UpdateAddressScope = t.TypeOf<typeof UpdateAddressScope>;
export type DeleteAddressScope = t.TypeOf<typeof DeleteAddressScope>;
