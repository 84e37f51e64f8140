import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Engine } from '../engine/index.js';
import { sendError } from './errors.js';
import { owns } from './ownership.js';
import type { Item, ResourceDescription } from './resource-description.js';

type Access = Pick<ResourceDescription, 'singular' | 'notFoundType' | 'notFoundMessage' | 'get' | 'visible' | 'owned'>;

/** The item as the caller may see it in the present world, or undefined. */
export const visibleItem = (engine: Engine, resource: Access, request: FastifyRequest, id: string): Item | undefined => {
  const item = resource.get(engine.world, id);
  return item && resource.visible(item, request.caller, engine.world) ? item : undefined;
};

export const sendMissing = (reply: FastifyReply, resource: Access, id: string): FastifyReply =>
  sendError(reply, 404, resource.notFoundType, resource.notFoundMessage(id));

/** The item the caller may change, or undefined after answering 404 (not seen) or 403 (seen, not owned). */
export const changeableItem = (engine: Engine, resource: Access, request: FastifyRequest, reply: FastifyReply, id: string): Item | undefined => {
  const item = visibleItem(engine, resource, request, id);
  if (!item) {
    sendMissing(reply, resource, id);
    return undefined;
  }
  if (!(resource.owned ?? owns)(item, request.caller)) {
    sendError(reply, 403, 'HTTPForbidden', `Changing ${resource.singular} ${id} is disallowed by policy.`);
    return undefined;
  }
  return item;
};
