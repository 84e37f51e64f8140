import { created, touched } from '../common/standard-attributes.js';
import type { RecordedEvent } from '../events.js';
import type { World } from '../world.js';
import type { RouterCreated, RouterDeleted, RouterUpdated } from './events.js';

type At = Pick<RecordedEvent, 'metadata'>;

export const routerCreated = (world: World, event: RouterCreated & At): void => {
  world.routers.set(event.data.router.id, { ...event.data.router, ...created(event.metadata.decidedAt) });
};

export const routerUpdated = (world: World, event: RouterUpdated & At): void => {
  const router = world.routers.get(event.data.id)!;
  world.routers.set(router.id, touched({ ...router, ...event.data.changes }, event.metadata.decidedAt));
};

export const routerDeleted = (world: World, event: RouterDeleted): void => {
  world.routers.delete(event.data.id);
};
