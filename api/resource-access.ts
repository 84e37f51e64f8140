import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from './context.js';
import { sendError } from './errors.js';
import type { Item, ResourceDescription } from './resource-description.js';

type Access = Pick<ResourceDescription, 'singular' | 'notFoundType' | 'notFoundMessage' | 'hookAnswersHidden' | 'get'>;

/** Whether the caller may see the item: Neutron's `get_<singular>` rule. */
export const mayRead = (app: FastifyInstance, resource: Access, request: FastifyRequest, item: Item): boolean =>
  app.policy.mayRead(request.caller, resource.singular, item);

/** The item as the caller may see it in the present world, or undefined. */
export const visibleItem = (app: FastifyInstance, resource: Access, request: FastifyRequest, id: string): Item | undefined => {
  const item = resource.get(app.engine.world, id);
  return item && mayRead(app, resource, request, item) ? item : undefined;
};

/** Whether Neutron's query finds the item for the caller (before its policy): the admin's, its project's, or one of no project. */
const foundByQuery = (item: Item, caller: Caller): boolean => caller.isAdmin || item.project_id === undefined || item.project_id === caller.projectId;

/** 404 for an item the caller cannot see; `hidden` when it exists and the policy hid it from the caller. */
export const sendMissing = (reply: FastifyReply, resource: Access, id: string, hidden?: { item: Item; caller: Caller }): FastifyReply => {
  if (hidden && resource.hookAnswersHidden && foundByQuery(hidden.item, hidden.caller)) return sendError(reply, 404, 'HTTPNotFound', 'The resource could not be found.');
  return sendError(reply, 404, resource.notFoundType, resource.notFoundMessage(id));
};

/**
 * The item a write names, or undefined after answering 404 when the caller cannot see it. Whether
 * it may change what it sees the policy plugin decided before the route ran (403 if not).
 */
export const changeableItem = (app: FastifyInstance, resource: Access, request: FastifyRequest, reply: FastifyReply, id: string): Item | undefined => {
  const item = resource.get(app.engine.world, id);
  if (item && mayRead(app, resource, request, item)) return item;
  sendMissing(reply, resource, id, item && { item, caller: request.caller });
  return undefined;
};
