import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendCommandError, sendError } from './errors.js';
import { listOf, withFields } from './list-query.js';
import type { Refusal } from './read-modify-write.js';
import { run } from './respond.js';
import { ifMatchRevision } from './if-match.js';
import { asOfSchema, withAsOf, type ReadView } from './as-of.js';
import { changeableItem, mayRead, sendMissing } from './resource-access.js';
import { resourceOf, type Body, type Item, type ResourceDescription } from './resource-description.js';
import type { KeyedWrite } from '../projections/index.js';
import { ALWAYS, anyObject, CHANGING, idParams, noContent, routeSchema, WITH_BODY } from './schema-parts.js';
import { tagRoutes } from './tag-routes.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const reject = (reply: FastifyReply, e: Refusal) => sendError(reply, e.status, e.type, e.message);

const oneItem = (resource: ResourceDescription) => ({
  type: 'object',
  properties: { [resource.singular]: resource.itemSchema, as_of: asOfSchema },
  required: [resource.singular],
});

const listSchema = (resource: ResourceDescription) => routeSchema(resource.collection, { success: { 200: anyObject }, errors: [...ALWAYS, 404, 409, 429, 503] });

/** GET /{collection}: the items the caller may see, filtered, sorted and paged as Neutron's are. */
async function listResources(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  const resource = resourceOf(request);
  if (resource.beforeList) {
    const ready = await resource.beforeList(this.engine, request);
    if (E.isLeft(ready)) return sendCommandError(reply, ready.left);
  }
  const view = await this.readView(request);
  if (E.isLeft(view)) return reject(reply, view.left);
  const app = this;
  const visible = (function* () {
    for (const item of resource.list(view.right.world)) if (mayRead(app, resource, request, item)) yield item;
  })();
  const body = listOf(
    {
      collection: resource.collection,
      url: request.url,
      baseUrl: `${request.protocol}://${request.host}`,
      query: request.query as Record<string, string | string[]>,
      missing: (id) => ({ status: 404, type: resource.notFoundType, message: resource.notFoundMessage(id) }),
      maxLimit: this.paginationMaxLimit,
    },
    visible,
    resource.attributes,
  );
  return E.isLeft(body) ? reject(reply, body.left) : reply.send(withAsOf(reply, view.right, body.right));
}

const showSchema = (resource: ResourceDescription) => routeSchema(resource.collection, { params: idParams, success: { 200: oneItem(resource) }, errors: [...ALWAYS, 404] });

/** GET /{collection}/{id}: one item (as of a past position when asked), or the `fields` asked of it. */
async function showResource(this: FastifyInstance, request: IdRequest, reply: FastifyReply) {
  const resource = resourceOf(request);
  const { id } = request.params;
  const past = await this.readPastResource(request, resource.selfContainedKind, id);
  const read = past ?? E.map((view: ReadView) => ({ item: resource.get(view.world, id), view }))(await this.readView(request));
  if (E.isLeft(read)) return reject(reply, read.left);
  const { item: found, view } = read.right;
  const item = found && mayRead(this, resource, request, found) ? found : undefined;
  if (!item) return sendMissing(reply, resource, id, found && { item: found, caller: request.caller });
  return reply.send(withAsOf(reply, view, { [resource.singular]: withFields(item, request.query as Record<string, string | string[]>) }));
}

/** One item under the singular name, or a bulk create under the collection's name. */
const createSchema = (resource: ResourceDescription) =>
  routeSchema(resource.collection, {
    body: {
      oneOf: [
        { type: 'object', properties: { [resource.singular]: resource.createSchema }, required: [resource.singular], additionalProperties: false },
        {
          type: 'object',
          properties: { [resource.collection]: { type: 'array', items: resource.createSchema, minItems: 1, maxItems: 1000 } },
          required: [resource.collection],
          additionalProperties: false,
        },
      ],
    },
    success: { 201: anyObject },
    errors: [...ALWAYS, 403, 404, ...WITH_BODY, ...CHANGING],
  });

/** The bodies of a create, and whether it was a bulk one. */
const bodiesOf = (request: FastifyRequest, resource: ResourceDescription): { bulk: boolean; bodies: Body[] } => {
  const body = request.body as Body;
  const bulk = Array.isArray(body[resource.collection]);
  return { bulk, bodies: (bulk ? body[resource.collection] : [body[resource.singular]]) as Body[] };
};

/**
 * POST /{collection}: one item, or a bulk create that is all or nothing: one command, decided in
 * turn (a later item sees what the earlier ones took), one append; the first item refused
 * refuses the whole bulk with its error, as Neutron's bulk answers.
 */
async function createResources(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  const resource = resourceOf(request);
  const { engine } = this;
  const { bulk, bodies } = bodiesOf(request, resource);
  const create = resource.create!(bodies, request.caller, engine.world);
  if (E.isLeft(create)) return reject(reply, create.left);
  const result = await run(engine, request, create.right.command);
  if (E.isLeft(result)) {
    // The same request, run at the same moment elsewhere, made the write: its answer is this one's.
    if ('_tag' in result.left && result.left._tag === 'KeyTaken' && request.idempotency) return request.idempotency.answerTaken(reply);
    return sendCommandError(reply, result.left);
  }
  const items = create.right.ids.map((id) => resource.get(engine.world, id)!);
  return reply.code(201).send(bulk ? { [resource.collection]: items } : { [resource.singular]: items[0] });
}

/** Neutron's body says `floatingip` where the audit's kinds say `floating_ip`. */
const sameKind = (kind: string, singular: string): boolean => kind.replaceAll('_', '') === singular.replaceAll('_', '');

/**
 * The ids a create answered, from what its write created: the ids the bodies name (hosts), or
 * else the last as many of the collection's kind as there are bodies, in id order (`freshIds`:
 * a create's ids are handed to its bodies sorted; what else of that kind it made, a project's
 * default group, took smaller ones).
 */
const answeredIds = (resource: ResourceDescription, bodies: readonly Body[], write: KeyedWrite): string[] => {
  const named = bodies.map((body) => body.id);
  if (named.every((id) => typeof id === 'string')) return named as string[];
  const created = write.created.filter((subject) => sameKind(subject.kind, resource.singular)).map(({ id }) => id);
  return created.sort().slice(-bodies.length);
};

/**
 * A create retried under a key whose write is in the log: the first answer's status and shape
 * (what a Neutron client reads: the ids and attributes of what it created, in the bodies' order),
 * with the resources as they are now, as a GET shows them; one deleted since is shown as it was at
 * the first answer. The retry's body is the first one's.
 */
async function answerCreatedAgain(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply, write: KeyedWrite) {
  const resource = resourceOf(request);
  const { bulk, bodies } = bodiesOf(request, resource);
  const { history } = this;
  const asItWas = async (id: string): Promise<Item> => {
    const kind = resource.selfContainedKind;
    const past = kind && history ? await history.viewAt(kind, id, write.last) : undefined;
    return (past && E.isRight(past) ? past.right : undefined) ?? { id };
  };
  const items = await Promise.all(answeredIds(resource, bodies, write).map((id) => resource.get(this.engine.world, id) ?? asItWas(id)));
  return reply.code(201).send(bulk ? { [resource.collection]: items } : { [resource.singular]: items[0] });
}

const updateSchema = (resource: ResourceDescription) =>
  routeSchema(resource.collection, {
    params: idParams,
    body: { type: 'object', properties: { [resource.singular]: resource.updateSchema }, required: [resource.singular], additionalProperties: false },
    success: { 200: oneItem(resource) },
    errors: [...ALWAYS, 403, 404, 412, ...WITH_BODY, ...CHANGING],
  });

/** PUT /{collection}/{id}: the caller's change, decided against If-Match's revision when given. */
async function updateResource(this: FastifyInstance, request: IdRequest, reply: FastifyReply) {
  const resource = resourceOf(request);
  const { engine } = this;
  const { id } = request.params;
  if (!changeableItem(this, resource, request, reply, id)) return reply;
  const revision = ifMatchRevision(request);
  if (E.isLeft(revision)) return reject(reply, revision.left);
  const body = (request.body as Body)[resource.singular] as Body;
  const command = resource.update!(id, body, request.caller, revision.right, engine.world);
  if (E.isLeft(command)) return reject(reply, command.left);
  const result = await run(engine, request, command.right);
  return E.isLeft(result) ? sendCommandError(reply, result.left) : reply.send({ [resource.singular]: resource.get(engine.world, id) });
}

const deleteSchema = (resource: ResourceDescription) =>
  routeSchema(resource.collection, { params: idParams, success: { 204: noContent }, errors: [...ALWAYS, 403, 404, 412, ...CHANGING] });

/** DELETE /{collection}/{id}. */
async function deleteResource(this: FastifyInstance, request: IdRequest, reply: FastifyReply) {
  const resource = resourceOf(request);
  const { id } = request.params;
  if (!changeableItem(this, resource, request, reply, id)) return reply;
  const revision = ifMatchRevision(request);
  if (E.isLeft(revision)) return reject(reply, revision.left);
  const result = await run(this.engine, request, resource.remove!(id, request.caller, revision.right));
  return E.isLeft(result) ? sendCommandError(reply, result.left) : reply.code(204).send();
}

/** The path of a collection: `/v2.0/security-groups` for `security_groups`. */
export const collectionPath = (resource: ResourceDescription): string =>
  `${resource.prefix ?? '/v2.0'}/${resource.path ?? resource.collection.replaceAll('_', '-')}`;

/**
 * The routes of one resource collection: list and show always, create, update and delete when the
 * description has them, and the tag subresource when its items are tagged. Each route names its
 * collection in its config, where the handlers read it.
 */
export const resourceRoutes = (app: FastifyInstance, resource: ResourceDescription): void => {
  const base = collectionPath(resource);
  const config = { resource };
  app.get(base, { schema: listSchema(resource), config }, listResources);
  app.get(`${base}/:id`, { schema: showSchema(resource), config }, showResource);
  if (resource.create && resource.createSchema) app.post(base, { schema: createSchema(resource), config: { ...config, answerAgain: answerCreatedAgain } }, createResources);
  if (resource.update && resource.updateSchema) app.put(`${base}/:id`, { schema: updateSchema(resource), config }, updateResource);
  if (resource.remove) app.delete(`${base}/:id`, { schema: deleteSchema(resource), config }, deleteResource);
  if (resource.update && resource.attributes.has('tags')) tagRoutes(app, base, resource);
};
