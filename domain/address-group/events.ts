import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';
import { AddressGroupChanges, AddressGroupFields } from './address-group.js';

/** In the stream of the project's security groups, whose rules name address groups. */
export const AddressGroupCreated = eventCodec('AddressGroupCreated', 1, t.type({ group: AddressGroupFields }));
export const AddressGroupUpdated = eventCodec('AddressGroupUpdated', 1, t.type({ id: t.string, changes: AddressGroupChanges }));
export const AddressGroupAddressesAdded = eventCodec('AddressGroupAddressesAdded', 1, t.type({ id: t.string, addresses: t.array(t.string) }));
export const AddressGroupAddressesRemoved = eventCodec('AddressGroupAddressesRemoved', 1, t.type({ id: t.string, addresses: t.array(t.string) }));
export const AddressGroupDeleted = eventCodec('AddressGroupDeleted', 1, t.type({ id: t.string }));
export type AddressGroupCreated = t.TypeOf<typeof AddressGroupCreated>;
export type AddressGroupUpdated = t.TypeOf<typeof AddressGroupUpdated>;
export type AddressGroupAddressesAdded = t.TypeOf<typeof AddressGroupAddressesAdded>;
export type AddressGroupAddressesRemoved = t.TypeOf<typeof AddressGroupAddressesRemoved>;
export type AddressGroupDeleted = t.TypeOf<typeof AddressGroupDeleted>;
