import { created, touched } from '../common/standard-attributes.js';
import type { RecordedEvent } from '../events.js';
import type { World } from '../world.js';
import type {
  AddressGroupAddressesAdded,
  AddressGroupAddressesRemoved,
  AddressGroupCreated,
  AddressGroupDeleted,
  AddressGroupUpdated,
} from './events.js';
import type { AddressGroup } from './address-group.js';

type At = Pick<RecordedEvent, 'metadata'>;

const change = (world: World, id: string, decidedAt: string, next: (group: AddressGroup) => Partial<AddressGroup>): void => {
  const group = world.addressGroups.get(id)!;
  world.addressGroups.set(id, touched({ ...group, ...next(group) }, decidedAt));
};

export const addressGroupCreated = (world: World, event: AddressGroupCreated & At): void => {
  world.addressGroups.set(event.data.group.id, { ...event.data.group, ...created(event.metadata.decidedAt) });
};

export const addressGroupUpdated = (world: World, event: AddressGroupUpdated & At): void =>
  change(world, event.data.id, event.metadata.decidedAt, () => event.data.changes);

export const addressGroupAddressesAdded = (world: World, event: AddressGroupAddressesAdded & At): void =>
  change(world, event.data.id, event.metadata.decidedAt, (group) => ({ addresses: [...group.addresses, ...event.data.addresses].sort() }));

export const addressGroupAddressesRemoved = (world: World, event: AddressGroupAddressesRemoved & At): void =>
  change(world, event.data.id, event.metadata.decidedAt, (group) => ({ addresses: group.addresses.filter((a) => !event.data.addresses.includes(a)) }));

export const addressGroupDeleted = (world: World, event: AddressGroupDeleted): void => {
  world.addressGroups.delete(event.data.id);
};
