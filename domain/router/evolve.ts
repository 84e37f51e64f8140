import { created, touched } from '../common/standard-attributes.js';
import type { RecordedEvent } from '../events.js';
import type { World } from '../world.js';
import type { RouterCreated, RouterDeleted, RouterInterfaceAdded, RouterInterfaceRemoved, RouterUpdated } from './events.js';

type At = Pick<RecordedEvent, 'metadata'>;

export const routerCreated = (world: World, event: RouterCreated & At): void => {
  world.routers.set(event.data.router.id, { ...event.data.router, ...created(event.metadata.decidedAt) });
};

export const routerUpdated = (world: World, event: RouterUpdated & At): void => {
  const router = world.routers.get(event.data.id)!;
  world.routers.set(router.id, touched({ ...router, ...event.data.changes }, event.metadata.decidedAt));
};

/** Neutron bumps a router's revision when an interface joins or leaves it; the port events keep the interface itself. */
export const routerInterfaceChanged = (world: World, event: (RouterInterfaceAdded | RouterInterfaceRemoved) & At): void => {
  const router = world.routers.get(event.data.router_id)!;
  world.routers.set(router.id, touched(router, event.metadata.decidedAt));
};

export const routerDeleted = (world: World, event: RouterDeleted): void => {
  world.routers.delete(event.data.id);
};
