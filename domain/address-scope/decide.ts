import * as E from 'fp-ts/lib/Either.js';
import { appendTo, decided, decidedIfMatch, writing, type Decider, type Decision } from '../common/decision.js';
import { domainError } from '../common/errors.js';
import { SUBNET_POOL_STREAM } from '../subnet-pool/subnet-pool.js';
import type { World } from '../world.js';
import type { CreateAddressScope, DeleteAddressScope, UpdateAddressScope } from './commands.js';

export const addressScopeNotFound = (id: string) => domainError('AddressScopeNotFound', `Address scope ${id} could not be found.`);

export const decideCreateAddressScope = (command: CreateAddressScope, world: World): Decision =>
  world.addressScopes.has(command.scope.id)
    ? E.left(domainError('Conflict', `Address scope ${command.scope.id} already exists.`))
    : decided(appendTo(world, SUBNET_POOL_STREAM, [{ type: 'AddressScopeCreated', version: 1, data: { scope: command.scope } }]));

export const decideUpdateAddressScope = (command: UpdateAddressScope, world: World): Decision => {
  const scope = world.addressScopes.get(command.id);
  if (!scope) return E.left(addressScopeNotFound(command.id));
  if (scope.shared && command.changes.shared === false)
    return E.left(domainError('AddressScopeUpdateError', `Unable to update address scope ${scope.id} : Shared address scope can't be unshared.`));
  return decidedIfMatch(
    scope,
    command.if_revision,
    appendTo(world, SUBNET_POOL_STREAM, [{ type: 'AddressScopeUpdated', version: 1, data: { id: scope.id, changes: command.changes } }]),
  );
};

export const decideDeleteAddressScope = (command: DeleteAddressScope, world: World): Decision => {
  const scope = world.addressScopes.get(command.id);
  if (!scope) return E.left(addressScopeNotFound(command.id));
  for (const pool of world.subnetPools.values())
    if (pool.address_scope_id === scope.id)
      return E.left(
        domainError('AddressScopeInUse', `Unable to complete operation on address scope ${scope.id}. There are one or more subnet pools in use on the address scope.`),
      );
  return decidedIfMatch(scope, command.if_revision, appendTo(world, SUBNET_POOL_STREAM, [{ type: 'AddressScopeDeleted', version: 1, data: { id: scope.id } }]));
};

/** Address scopes and subnet pools share one stream: a pool's prefixes are unique within its scope. */
export const createAddressScope: Decider<CreateAddressScope> = { streams: () => writing(SUBNET_POOL_STREAM), decide: decideCreateAddressScope };
export const updateAddressScope: Decider<UpdateAddressScope> = { streams: () => writing(SUBNET_POOL_STREAM), decide: decideUpdateAddressScope };
export const deleteAddressScope: Decider<DeleteAddressScope> = { streams: () => writing(SUBNET_POOL_STREAM), decide: decideDeleteAddressScope };
