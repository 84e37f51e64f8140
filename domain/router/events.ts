import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';
import { RouterChanges, RouterFields } from './router.js';

/** A router's interfaces are ports on its subnets (device_owner network:router_interface), as in Neutron. */
export const RouterCreated = eventCodec('RouterCreated', 1, t.type({ router: RouterFields }));
export const RouterUpdated = eventCodec('RouterUpdated', 1, t.type({ id: t.string, changes: RouterChanges }));
export const RouterDeleted = eventCodec('RouterDeleted', 1, t.type({ id: t.string }));
/**
 * An interface joined or left the router. The port itself is recorded in its network's stream, in
 * the same append: these events put every interface change in the router's own stream too, so
 * decisions about its interfaces (one per subnet, no overlapping cidrs, routes through them)
 * conflict on that stream's revision whichever node makes them.
 */
const RouterInterface = t.type({ router_id: t.string, port_id: t.string, network_id: t.string, subnet_ids: t.array(t.string) });
export const RouterInterfaceAdded = eventCodec('RouterInterfaceAdded', 1, RouterInterface);
export const RouterInterfaceRemoved = eventCodec('RouterInterfaceRemoved', 1, RouterInterface);
export type RouterCreated = t.TypeOf<typeof RouterCreated>;
export type RouterInterfaceAdded = t.TypeOf<typeof RouterInterfaceAdded>;
export type RouterInterfaceRemoved = t.TypeOf<typeof RouterInterfaceRemoved>;
export type RouterUpdated = t.TypeOf<typeof RouterUpdated>;
export type RouterDeleted = t.TypeOf<typeof RouterDeleted>;
