import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { formatCidr, parseCidrClearingHostBits } from '../address/cidr.js';
import { appendTo, checkRevision, decided, decidedIfMatch, writing, type Decider, type Decision, type DecisionStreams } from '../common/decision.js';
import { domainError, type DomainError } from '../common/errors.js';
import { streamOfProjectGroups } from '../security-group/security-group.js';
import type { DomainEvent } from '../events.js';
import type { World } from '../world.js';
import type { AddressGroup } from './address-group.js';
import type {
  AddAddressGroupAddresses,
  CreateAddressGroup,
  DeleteAddressGroup,
  RemoveAddressGroupAddresses,
  UpdateAddressGroup,
} from './commands.js';

export const addressGroupNotFound = (id: string) => domainError('AddressGroupNotFound', `Address group ${id} could not be found.`);

/** Python's repr of a list of strings, as Neutron's messages print them. */
const listed = (texts: readonly string[]) => `[${texts.map((text) => `'${text}'`).join(', ')}]`;

/** Canonical blocks (host bits cleared), each once, in text order. */
export const canonicalAddresses = (addresses: readonly string[]): E.Either<DomainError, string[]> => {
  const blocks = new Set<string>();
  for (const address of addresses) {
    const cidr = parseCidrClearingHostBits(address);
    if (E.isLeft(cidr)) return E.left(domainError('HTTPBadRequest', `Invalid input for addresses. Reason: ${cidr.left}.`));
    blocks.add(formatCidr(cidr.right));
  }
  return E.right([...blocks].sort());
};

const append = (world: World, group: AddressGroup, event: DomainEvent) =>
  appendTo(world, streamOfProjectGroups(group.project_id), [event]);

export const decideCreateAddressGroup = (command: CreateAddressGroup, world: World): Decision => {
  const { group } = command;
  if (world.addressGroups.has(group.id)) return E.left(domainError('Conflict', `Address group ${group.id} already exists.`));
  return pipe(
    canonicalAddresses(group.addresses),
    E.chain((addresses) =>
      decided(appendTo(world, streamOfProjectGroups(group.project_id), [{ type: 'AddressGroupCreated', version: 1, data: { group: { ...group, addresses } } }])),
    ),
  );
};

export const decideUpdateAddressGroup = (command: UpdateAddressGroup, world: World): Decision => {
  const group = world.addressGroups.get(command.id);
  if (!group) return E.left(addressGroupNotFound(command.id));
  return decidedIfMatch(group, command.if_revision, append(world, group, { type: 'AddressGroupUpdated', version: 1, data: { id: group.id, changes: command.changes } }));
};

export const decideAddAddressGroupAddresses = (command: AddAddressGroupAddresses, world: World): Decision => {
  const group = world.addressGroups.get(command.id);
  if (!group) return E.left(addressGroupNotFound(command.id));
  return pipe(
    canonicalAddresses(command.addresses),
    E.chain((addresses) => {
      const present = addresses.filter((a) => group.addresses.includes(a));
      if (present.length > 0)
        return E.left(domainError('AddressesAlreadyExist', `Addresses ${listed(present)} already exist in the address group ${group.id}.`));
      return decided(append(world, group, { type: 'AddressGroupAddressesAdded', version: 1, data: { id: group.id, addresses } }));
    }),
  );
};

export const decideRemoveAddressGroupAddresses = (command: RemoveAddressGroupAddresses, world: World): Decision => {
  const group = world.addressGroups.get(command.id);
  if (!group) return E.left(addressGroupNotFound(command.id));
  return pipe(
    canonicalAddresses(command.addresses),
    E.chain((addresses) => {
      const missing = addresses.filter((a) => !group.addresses.includes(a));
      if (missing.length > 0) return E.left(domainError('AddressesNotFound', `Addresses ${listed(missing)} not found in the address group ${group.id}.`));
      return decided(append(world, group, { type: 'AddressGroupAddressesRemoved', version: 1, data: { id: group.id, addresses } }));
    }),
  );
};

export const decideDeleteAddressGroup = (command: DeleteAddressGroup, world: World): Decision => {
  const group = world.addressGroups.get(command.id);
  if (!group) return E.left(addressGroupNotFound(command.id));
  if ((world.addressGroupReferrers.get(group.id)?.size ?? 0) > 0)
    return E.left(domainError('AddressGroupInUse', `Address group ${group.id} is in use on one or more security group rules.`));
  return pipe(
    checkRevision(group, command.if_revision),
    E.chain(() => decided(append(world, group, { type: 'AddressGroupDeleted', version: 1, data: { id: group.id } }))),
  );
};

/** Address groups live in their project's groups stream, beside its security groups. */
const ofAddressGroup = (world: World, id: string): DecisionStreams => {
  const group = world.addressGroups.get(id);
  return writing(...(group ? [streamOfProjectGroups(group.project_id)] : []));
};
export const createAddressGroup: Decider<CreateAddressGroup> = { streams: (command) => writing(streamOfProjectGroups(command.group.project_id)), decide: decideCreateAddressGroup };
export const updateAddressGroup: Decider<UpdateAddressGroup> = { streams: (command, world) => ofAddressGroup(world, command.id), decide: decideUpdateAddressGroup };
export const addAddressGroupAddresses: Decider<AddAddressGroupAddresses> = { streams: (command, world) => ofAddressGroup(world, command.id), decide: decideAddAddressGroupAddresses };
export const removeAddressGroupAddresses: Decider<RemoveAddressGroupAddresses> = { streams: (command, world) => ofAddressGroup(world, command.id), decide: decideRemoveAddressGroupAddresses };
export const deleteAddressGroup: Decider<DeleteAddressGroup> = { streams: (command, world) => ofAddressGroup(world, command.id), decide: decideDeleteAddressGroup };
