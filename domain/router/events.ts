import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';
import { RouterChanges, RouterFields } from './router.js';

/** A router's interfaces are ports on its subnets (device_owner network:router_interface), as in Neutron. */
export const RouterCreated = eventCodec('RouterCreated', 1, t.type({ router: RouterFields }));
export const RouterUpdated = eventCodec('RouterUpdated', 1, t.type({ id: t.string, changes: RouterChanges }));
export const RouterDeleted = eventCodec('RouterDeleted', 1, t.type({ id: t.string }));
export type RouterCreated = t.TypeOf<typeof RouterCreated>;
export type RouterUpdated = t.TypeOf<typeof RouterUpdated>;
export type RouterDeleted = t.TypeOf<typeof RouterDeleted>;
