import { created, touched } from '../common/standard-attributes.js';
import type { RecordedEvent } from '../events.js';
import type { World } from '../world.js';
import type { HostRegistered, HostRemoved, HostUpdated } from './events.js';

type At = Pick<RecordedEvent, 'metadata'>;

export const hostRegistered = (world: World, event: HostRegistered & At): void => {
  world.hosts.set(event.data.host.id, { ...event.data.host, ...created(event.metadata.decidedAt) });
};

export const hostUpdated = (world: World, event: HostUpdated & At): void => {
  const host = world.hosts.get(event.data.id)!;
  world.hosts.set(host.id, touched({ ...host, ...event.data.changes }, event.metadata.decidedAt));
};

export const hostRemoved = (world: World, event: HostRemoved): void => {
  world.hosts.delete(event.data.id);
};
