import { created, touched } from '../common/standard-attributes.js';
import type { RecordedEvent } from '../events.js';
import type { World } from '../world.js';
import type { AddressScopeCreated, AddressScopeDeleted, AddressScopeUpdated } from './events.js';

type At = Pick<RecordedEvent, 'metadata'>;

export const addressScopeCreated = (world: World, event: AddressScopeCreated & At): void => {
  world.addressScopes.set(event.data.scope.id, { ...event.data.scope, ...created(event.metadata.decidedAt) });
};

export const addressScopeUpdated = (world: World, event: AddressScopeUpdated & At): void => {
  const scope = world.addressScopes.get(event.data.id)!;
  world.addressScopes.set(scope.id, touched({ ...scope, ...event.data.changes }, event.metadata.decidedAt));
};

export const addressScopeDeleted = (world: World, event: AddressScopeDeleted): void => {
  world.addressScopes.delete(event.data.id);
};
