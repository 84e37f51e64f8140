import * as t from 'io-ts';
import { byIdCommand } from '../common/codecs.js';
import { AddressGroupChanges, AddressGroupFields } from './address-group.js';

export const CreateAddressGroup = t.type({ type: t.literal('CreateAddressGroup'), group: AddressGroupFields });
export const UpdateAddressGroup = byIdCommand('UpdateAddressGroup', { changes: AddressGroupChanges });
export const AddAddressGroupAddresses = t.type({ type: t.literal('AddAddressGroupAddresses'), id: t.string, addresses: t.array(t.string) });
export const RemoveAddressGroupAddresses = t.type({ type: t.literal('RemoveAddressGroupAddresses'), id: t.string, addresses: t.array(t.string) });
export const DeleteAddressGroup = byIdCommand('DeleteAddressGroup', {});
export type CreateAddressGroup = t.TypeOf<typeof CreateAddressGroup>;
export type UpdateAddressGroup = t.TypeOf<typeof UpdateAddressGroup>;
export type AddAddressGroupAddresses = t.TypeOf<typeof AddAddressGroupAddresses>;
export type RemoveAddressGroupAddresses = t.TypeOf<typeof RemoveAddressGroupAddresses>;
export type DeleteAddressGroup = t.TypeOf<typeof DeleteAddressGroup>;
