import { created, touched } from '../common/standard-attributes.js';
import type { RecordedEvent } from '../events.js';
import type { World } from '../world.js';
import type { SubnetPoolCreated, SubnetPoolDeleted, SubnetPoolUpdated } from './events.js';

type At = Pick<RecordedEvent, 'metadata'>;

export const subnetPoolCreated = (world: World, event: SubnetPoolCreated & At): void => {
  world.subnetPools.set(event.data.pool.id, { ...event.data.pool, ...created(event.metadata.decidedAt) });
};

export const subnetPoolUpdated = (world: World, event: SubnetPoolUpdated & At): void => {
  const pool = world.subnetPools.get(event.data.id)!;
  world.subnetPools.set(pool.id, touched({ ...pool, ...event.data.changes }, event.metadata.decidedAt));
};

export const subnetPoolDeleted = (world: World, event: SubnetPoolDeleted): void => {
  world.subnetPools.delete(event.data.id);
};
