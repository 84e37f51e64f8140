import * as t from 'io-ts';
import { byIdCommand } from '../common/codecs.js';
import { AddressScopeChanges, AddressScopeFields } from './address-scope.js';

export const CreateAddressScope = t.type({ type: t.literal('CreateAddressScope'), scope: AddressScopeFields });
export const UpdateAddressScope = byIdCommand('UpdateAddressScope', { changes: AddressScopeChanges });
export const DeleteAddressScope = byIdCommand('DeleteAddressScope', {});
export type CreateAddressScope = t.TypeOf<typeof CreateAddressScope>;
export type UpdateAddressScope = t.TypeOf<typeof UpdateAddressScope>;
export type DeleteAddressScope = t.TypeOf<typeof DeleteAddressScope>;
