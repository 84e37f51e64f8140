import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Command } from '../domain/index.js';
import type { Engine } from '../engine/index.js';
import type { Caller } from './context.js';
import { sendError } from './errors.js';
import { ifMatchRevision } from './if-match.js';
import { changeFromCurrent, sendChangeFailure, type Refusal } from './read-modify-write.js';
import { ALWAYS, anyObject, CHANGING, noContent, responses, tags as tagList, WITH_BODY } from './schema-parts.js';

type Item = Record<string, unknown>;

interface Access {
  find(request: FastifyRequest, id: string): Item | undefined;
  missing(reply: FastifyReply, id: string): FastifyReply;
  changeable(request: FastifyRequest, reply: FastifyReply, id: string): Item | undefined;
}

const MAX_TAGS = tagList.maxItems;
const tagParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 255 }, tag: tagList.items },
  required: ['id', 'tag'],
} as const;
const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 255 } }, required: ['id'] } as const;

const tagNotFound = (reply: FastifyReply, tag: string, singular: string, id: string) =>
  sendError(reply, 404, 'TagNotFound', `Tag ${tag} could not be found for ${singular} ${id}.`);

/**
 * Neutron's standard-attr-tag subresource, `/{collection}/{id}/tags[/{tag}]`: each change is the
 * resource's update with its new tag list, decided against the revision it was computed from.
 */
export const tagRoutes = (
  app: FastifyInstance,
  engine: Engine,
  base: string,
  resource: { collection: string; singular: string; get: (world: Engine['world'], id: string) => Item | undefined },
  access: Access,
  update: (id: string, tags: string[], caller: Caller, ifRevision: number) => E.Either<Refusal, Command>,
): void => {
  const schemaTags = [resource.collection];
  const tagsOf = (item: Item): string[] => (item.tags as string[] | undefined) ?? [];

  /** Replaces the tag list with `next(current)` and returns the new list, or answers why not and returns undefined. */
  const retag = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    next: (current: string[]) => string[] | Refusal,
  ): Promise<string[] | undefined> => {
    const { id } = request.params;
    if (!access.changeable(request, reply, id)) return undefined;
    const current = tagsOf(access.find(request, id)!);
    const wanted = next(current);
    // Nothing to change (a tag that is there already) is not a change: the revision stays.
    if (Array.isArray(wanted) && wanted.length === current.length && wanted.every((tag, i) => tag === current[i])) return current;
    const revision = ifMatchRevision(request);
    if (E.isLeft(revision)) {
      sendError(reply, revision.left.status, revision.left.type, revision.left.message);
      return undefined;
    }
    const result = await changeFromCurrent(engine, request, () => resource.get(engine.world, id), revision.right, (current, ifRevision) => {
      const wanted = next(tagsOf(current));
      return Array.isArray(wanted) ? update(id, wanted, request.caller, ifRevision) : E.left(wanted);
    });
    if (E.isLeft(result)) {
      sendChangeFailure(reply, result.left, () => access.missing(reply, id));
      return undefined;
    }
    return tagsOf(resource.get(engine.world, id)!);
  };

  const withTag = (tag: string) => (current: string[]): string[] | Refusal =>
    current.includes(tag)
      ? current
      : current.length >= MAX_TAGS
        ? { status: 400, type: 'BadRequest', message: `Bad request: a ${resource.singular} can have at most ${MAX_TAGS} tags.` }
        : [...current, tag];

  app.get<{ Params: { id: string } }>(
    `${base}/:id/tags`,
    { schema: { tags: schemaTags, params: idParams, response: responses({ 200: anyObject }, [...ALWAYS, 404]) } },
    async (request, reply) => {
      const item = access.find(request, request.params.id);
      return item ? reply.send({ tags: tagsOf(item) }) : access.missing(reply, request.params.id);
    },
  );

  app.get<{ Params: { id: string; tag: string } }>(
    `${base}/:id/tags/:tag`,
    { schema: { tags: schemaTags, params: tagParams, response: responses({ 204: noContent }, [...ALWAYS, 404]) } },
    async (request, reply) => {
      const { id, tag } = request.params;
      const item = access.find(request, id);
      if (!item) return access.missing(reply, id);
      return tagsOf(item).includes(tag) ? reply.code(204).send() : tagNotFound(reply, tag, resource.singular, id);
    },
  );

  app.put<{ Params: { id: string }; Body: { tags: string[] } }>(
    `${base}/:id/tags`,
    {
      schema: {
        tags: schemaTags,
        params: idParams,
        body: { type: 'object', properties: { tags: tagList }, required: ['tags'], additionalProperties: false },
        response: responses({ 200: anyObject }, [...ALWAYS, 403, 404, 412, ...WITH_BODY, ...CHANGING]),
      },
    },
    async (request, reply) => {
      const wanted = [...new Set(request.body.tags)];
      const tags = await retag(request, reply, () => wanted);
      return tags === undefined ? reply : reply.send({ tags });
    },
  );

  app.put<{ Params: { id: string; tag: string } }>(
    `${base}/:id/tags/:tag`,
    { schema: { tags: schemaTags, params: tagParams, response: responses({ 201: noContent }, [...ALWAYS, 403, 404, 412, ...CHANGING]) } },
    async (request, reply) => {
      const tags = await retag(request, reply, withTag(request.params.tag));
      return tags === undefined ? reply : reply.code(201).send();
    },
  );

  app.delete<{ Params: { id: string } }>(
    `${base}/:id/tags`,
    { schema: { tags: schemaTags, params: idParams, response: responses({ 204: noContent }, [...ALWAYS, 403, 404, 412, ...CHANGING]) } },
    async (request, reply) => {
      const tags = await retag(request, reply, () => []);
      return tags === undefined ? reply : reply.code(204).send();
    },
  );

  app.delete<{ Params: { id: string; tag: string } }>(
    `${base}/:id/tags/:tag`,
    { schema: { tags: schemaTags, params: tagParams, response: responses({ 204: noContent }, [...ALWAYS, 403, 404, 412, ...CHANGING]) } },
    async (request, reply) => {
      const { id, tag } = request.params;
      const tags = await retag(request, reply, (current) =>
        current.includes(tag) ? current.filter((t) => t !== tag) : { status: 404, type: 'TagNotFound', message: `Tag ${tag} could not be found for ${resource.singular} ${id}.` },
      );
      return tags === undefined ? reply : reply.code(204).send();
    },
  );
};
