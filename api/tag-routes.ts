import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './errors.js';
import { ifMatchRevision } from './if-match.js';
import { changeFromCurrent, sendChangeFailure, type Refusal } from './read-modify-write.js';
import { changeableItem, sendMissing, visibleItem } from './resource-access.js';
import { resourceOf, type Item, type ResourceDescription } from './resource-description.js';
import { ALWAYS, anyObject, CHANGING, idParams, noContent, routeSchema, tags as tagList, WITH_BODY } from './schema-parts.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type TagRequest = FastifyRequest<{ Params: { id: string; tag: string } }>;

const MAX_TAGS = tagList.maxItems;
const tagParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 255 }, tag: tagList.items },
  required: ['id', 'tag'],
} as const;

const tagsOf = (item: Item): string[] => (item.tags as string[] | undefined) ?? [];

const tagNotFound = (tag: string, singular: string, id: string): Refusal => ({
  status: 404,
  type: 'TagNotFound',
  message: `Tag ${tag} could not be found for ${singular} ${id}.`,
});

/**
 * Replaces the item's tag list with `next(current)` (its update with the new list, decided against
 * the revision it was computed from) and returns the new list, or answers why not and returns undefined.
 */
const retag = async (
  app: FastifyInstance,
  request: IdRequest,
  reply: FastifyReply,
  next: (current: string[]) => string[] | Refusal,
): Promise<string[] | undefined> => {
  const resource = resourceOf(request);
  const { engine } = app;
  const { id } = request.params;
  const item = changeableItem(app, resource, request, reply, id);
  if (!item) return undefined;
  const current = tagsOf(item);
  const wanted = next(current);
  // Nothing to change (a tag that is there already) is not a change: the revision stays.
  if (Array.isArray(wanted) && wanted.length === current.length && wanted.every((tag, i) => tag === current[i])) return current;
  const revision = ifMatchRevision(request);
  if (E.isLeft(revision)) {
    sendError(reply, revision.left.status, revision.left.type, revision.left.message);
    return undefined;
  }
  const result = await changeFromCurrent(engine, request, () => resource.get(engine.world, id), revision.right, (latest, ifRevision) => {
    const tags = next(tagsOf(latest));
    return Array.isArray(tags) ? resource.update!(id, { tags }, request.caller, ifRevision, engine.world) : E.left(tags);
  });
  if (E.isLeft(result)) {
    sendChangeFailure(reply, result.left, () => sendMissing(reply, resource, id));
    return undefined;
  }
  return tagsOf(resource.get(engine.world, id)!);
};

const listTagsSchema = (resource: ResourceDescription) => routeSchema(resource.collection, { params: idParams, success: { 200: anyObject }, errors: [...ALWAYS, 404] });

/** GET /{collection}/{id}/tags */
async function listTags(this: FastifyInstance, request: IdRequest, reply: FastifyReply) {
  const resource = resourceOf(request);
  const item = visibleItem(this, resource, request, request.params.id);
  return item ? reply.send({ tags: tagsOf(item) }) : sendMissing(reply, resource, request.params.id);
}

const showTagSchema = (resource: ResourceDescription) => routeSchema(resource.collection, { params: tagParams, success: { 204: noContent }, errors: [...ALWAYS, 404] });

/** GET /{collection}/{id}/tags/{tag}: 204 when the item has the tag. */
async function showTag(this: FastifyInstance, request: TagRequest, reply: FastifyReply) {
  const resource = resourceOf(request);
  const { id, tag } = request.params;
  const item = visibleItem(this, resource, request, id);
  if (!item) return sendMissing(reply, resource, id);
  if (tagsOf(item).includes(tag)) return reply.code(204).send();
  const refusal = tagNotFound(tag, resource.singular, id);
  return sendError(reply, refusal.status, refusal.type, refusal.message);
}

const replaceTagsSchema = (resource: ResourceDescription) =>
  routeSchema(resource.collection, {
    params: idParams,
    body: { type: 'object', properties: { tags: tagList }, required: ['tags'], additionalProperties: false },
    success: { 200: anyObject },
    errors: [...ALWAYS, 403, 404, 412, ...WITH_BODY, ...CHANGING],
  });

/** PUT /{collection}/{id}/tags: the list as given, without repeats. */
async function replaceTags(this: FastifyInstance, request: FastifyRequest<{ Params: { id: string }; Body: { tags: string[] } }>, reply: FastifyReply) {
  const wanted = [...new Set(request.body.tags)];
  const tags = await retag(this, request, reply, () => wanted);
  return tags === undefined ? reply : reply.send({ tags });
}

const addTagSchema = (resource: ResourceDescription) =>
  routeSchema(resource.collection, { params: tagParams, success: { 201: noContent }, errors: [...ALWAYS, 403, 404, 412, ...CHANGING] });

/** PUT /{collection}/{id}/tags/{tag}: one tag more (none if there already), within the limit. */
async function addTag(this: FastifyInstance, request: TagRequest, reply: FastifyReply) {
  const resource = resourceOf(request);
  const { tag } = request.params;
  const tags = await retag(this, request, reply, (current) =>
    current.includes(tag)
      ? current
      : current.length >= MAX_TAGS
        ? { status: 400, type: 'BadRequest', message: `Bad request: a ${resource.singular} can have at most ${MAX_TAGS} tags.` }
        : [...current, tag],
  );
  return tags === undefined ? reply : reply.code(201).send();
}

const removeTagsSchema = (resource: ResourceDescription) =>
  routeSchema(resource.collection, { params: idParams, success: { 204: noContent }, errors: [...ALWAYS, 403, 404, 412, ...CHANGING] });

/** DELETE /{collection}/{id}/tags: no tags left. */
async function removeTags(this: FastifyInstance, request: IdRequest, reply: FastifyReply) {
  const tags = await retag(this, request, reply, () => []);
  return tags === undefined ? reply : reply.code(204).send();
}

const removeTagSchema = (resource: ResourceDescription) =>
  routeSchema(resource.collection, { params: tagParams, success: { 204: noContent }, errors: [...ALWAYS, 403, 404, 412, ...CHANGING] });

/** DELETE /{collection}/{id}/tags/{tag}: 404 when the item does not have it. */
async function removeTag(this: FastifyInstance, request: TagRequest, reply: FastifyReply) {
  const resource = resourceOf(request);
  const { id, tag } = request.params;
  const tags = await retag(this, request, reply, (current) => (current.includes(tag) ? current.filter((t) => t !== tag) : tagNotFound(tag, resource.singular, id)));
  return tags === undefined ? reply : reply.code(204).send();
}

/** Neutron's standard-attr-tag subresource, `/{collection}/{id}/tags[/{tag}]`, of a described collection. */
export const tagRoutes = (app: FastifyInstance, base: string, resource: ResourceDescription): void => {
  const config = { resource };
  app.get(`${base}/:id/tags`, { schema: listTagsSchema(resource), config }, listTags);
  app.get(`${base}/:id/tags/:tag`, { schema: showTagSchema(resource), config }, showTag);
  app.put(`${base}/:id/tags`, { schema: replaceTagsSchema(resource), config }, replaceTags);
  app.put(`${base}/:id/tags/:tag`, { schema: addTagSchema(resource), config }, addTag);
  app.delete(`${base}/:id/tags`, { schema: removeTagsSchema(resource), config }, removeTags);
  app.delete(`${base}/:id/tags/:tag`, { schema: removeTagSchema(resource), config }, removeTag);
};
