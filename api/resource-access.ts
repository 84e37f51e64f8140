import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './errors.js';
import { owns } from './ownership.js';
import type { Item, ResourceDescription } from './resource-description.js';

type Access = Pick<ResourceDescription, 'singular' | 'notFoundType' | 'notFoundMessage' | 'get' | 'visible' | 'owned'>;

/** Whether the caller may see the item: Neutron's `get_<singular>` rule, or the collection's own `visible`. */
export const mayRead = (app: FastifyInstance, resource: Access, request: FastifyRequest, item: Item): boolean =>
  resource.visible ? resource.visible(item, request.caller, app.engine.world) : app.policy.mayRead(request.caller, resource.singular, item);

/** The item as the caller may see it in the present world, or undefined. */
export const visibleItem = (app: FastifyInstance, resource: Access, request: FastifyRequest, id: string): Item | undefined => {
  const item = resource.get(app.engine.world, id);
  return item && mayRead(app, resource, request, item) ? item : undefined;
};

export const sendMissing = (reply: FastifyReply, resource: Access, id: string): FastifyReply =>
  sendError(reply, 404, resource.notFoundType, resource.notFoundMessage(id));

/**
 * The item a write names, or undefined after answering 404 when the caller cannot see it. Whether
 * it may change what it sees the policy plugin decided before the route ran (403 if not); for a
 * collection with its own `visible`, its `owned` decides here.
 */
export const changeableItem = (app: FastifyInstance, resource: Access, request: FastifyRequest, reply: FastifyReply, id: string): Item | undefined => {
  const item = visibleItem(app, resource, request, id);
  if (!item) {
    sendMissing(reply, resource, id);
    return undefined;
  }
  if (resource.visible && !(resource.owned ?? owns)(item, request.caller)) {
    sendError(reply, 403, 'HTTPForbidden', `Changing ${resource.singular} ${id} is disallowed by policy.`);
    return undefined;
  }
  return item;
};
