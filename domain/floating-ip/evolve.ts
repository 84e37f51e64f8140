import { created, touched } from '../common/standard-attributes.js';
import type { RecordedEvent } from '../events.js';
import { indexAdd, indexRemove, type World } from '../world.js';
import type { FloatingIpCreated, FloatingIpDeleted, FloatingIpUpdated } from './events.js';
import type { FloatingIp } from './floating-ip.js';

type At = Pick<RecordedEvent, 'metadata'>;

const link = (world: World, floatingIp: FloatingIp): void => {
  if (floatingIp.port_id !== null) indexAdd(world.portFloatingIps, floatingIp.port_id, floatingIp.id);
  if (floatingIp.router_id !== null) indexAdd(world.routerFloatingIps, floatingIp.router_id, floatingIp.id);
};

const unlink = (world: World, floatingIp: FloatingIp): void => {
  if (floatingIp.port_id !== null) indexRemove(world.portFloatingIps, floatingIp.port_id, floatingIp.id);
  if (floatingIp.router_id !== null) indexRemove(world.routerFloatingIps, floatingIp.router_id, floatingIp.id);
};

export const floatingIpCreated = (world: World, event: FloatingIpCreated & At): void => {
  const floatingIp: FloatingIp = { ...event.data.floating_ip, ...created(event.metadata.decidedAt) };
  world.floatingIps.set(floatingIp.id, floatingIp);
  link(world, floatingIp);
};

export const floatingIpUpdated = (world: World, event: FloatingIpUpdated & At): void => {
  const before = world.floatingIps.get(event.data.id)!;
  const after = touched({ ...before, ...event.data.changes }, event.metadata.decidedAt);
  unlink(world, before);
  world.floatingIps.set(after.id, after);
  link(world, after);
};

export const floatingIpDeleted = (world: World, event: FloatingIpDeleted): void => {
  const floatingIp = world.floatingIps.get(event.data.id)!;
  unlink(world, floatingIp);
  world.floatingIps.delete(floatingIp.id);
};
