import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Command, World } from '../domain/index.js';
import type { Engine } from '../infra/engine/index.js';
import type { Caller } from './context.js';
import { sendCommandError, sendError } from './errors.js';
import { listOf } from './list-query.js';
import { run } from './respond.js';
import { ifMatchRevision } from './if-match.js';

type Item = Record<string, unknown>;
type Body = Record<string, unknown>;

/**
 * One Neutron resource collection: its JSON schemas, how a body becomes a command, and how the
 * topology shows it. Create, show, list, update and delete routes all come from this description,
 * so every resource answers the same way (paths, bulk form, status codes, If-Match, visibility).
 */
export interface ResourceDescription {
  readonly collection: string;
  readonly singular: string;
  /** The Neutron error type for an unknown id, e.g. NetworkNotFound. */
  readonly notFoundType: string;
  readonly notFoundMessage: (id: string) => string;
  readonly prefix?: string;
  readonly createSchema?: object;
  readonly updateSchema?: object;
  readonly itemSchema: object;
  /** Attributes a list may filter and sort on. */
  readonly attributes: ReadonlySet<string>;
  readonly get: (world: World, id: string) => Item | undefined;
  readonly list: (world: World) => Iterable<Item>;
  /** May the caller see this item? (tokens mode: own project, or shared). */
  readonly visible: (item: Item, caller: Caller) => boolean;
  /** Builds the create commands for a validated body, grouped so each lands in one append. */
  readonly create?: (bodies: Body[], caller: Caller, engine: Engine) => Promise<E.Either<{ status: number; type: string; message: string }, { commands: Command[]; ids: string[] }>>;
  readonly update?: (id: string, body: Body, caller: Caller, ifRevision: number | undefined) => Command;
  readonly remove?: (id: string, caller: Caller, ifRevision: number | undefined) => Command;
}

const reject = (reply: FastifyReply, e: { status: number; type: string; message: string }) => sendError(reply, e.status, e.type, e.message);

export const resourceRoutes = (app: FastifyInstance, engine: Engine, resource: ResourceDescription): void => {
  const base = `${resource.prefix ?? '/v2.0'}/${resource.collection.replaceAll('_', '-')}`;
  const find = (request: FastifyRequest, id: string): Item | undefined => {
    const item = resource.get(engine.world, id);
    return item && resource.visible(item, request.caller) ? item : undefined;
  };
  const missing = (reply: FastifyReply, id: string) => sendError(reply, 404, resource.notFoundType, resource.notFoundMessage(id));
  const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 255 } }, required: ['id'] };

  app.get(base, { schema: { tags: [resource.collection], response: { 200: { type: 'object', additionalProperties: true } } } }, async (request, reply) => {
    const visible = (function* () {
      for (const item of resource.list(engine.world)) if (resource.visible(item, request.caller)) yield item;
    })();
    const body = listOf(
      { collection: resource.collection, url: request.url, baseUrl: `${request.protocol}://${request.host}`, query: request.query as Record<string, string | string[]> },
      visible,
      resource.attributes,
    );
    return E.isLeft(body) ? reject(reply, body.left) : reply.send(body.right);
  });

  app.get<{ Params: { id: string } }>(`${base}/:id`, { schema: { tags: [resource.collection], params: idParams } }, async (request, reply) => {
    const item = find(request, request.params.id);
    if (!item) return missing(reply, request.params.id);
    const fields = ([] as string[]).concat((request.query as { fields?: string | string[] }).fields ?? []);
    const shown = fields.length === 0 ? item : Object.fromEntries(fields.filter((f) => f in item).map((f) => [f, item[f]]));
    return reply.send({ [resource.singular]: shown });
  });

  const create = resource.create;
  if (create && resource.createSchema)
    app.post(
      base,
      {
        schema: {
          tags: [resource.collection],
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
        },
      },
      async (request, reply) => {
        const body = request.body as Body;
        const bulk = Array.isArray(body[resource.collection]);
        const bodies = (bulk ? body[resource.collection] : [body[resource.singular]]) as Body[];
        const commands = await create(bodies, request.caller, engine);
        if (E.isLeft(commands)) return reject(reply, commands.left);
        // Each command is one network's append, atomic on its own; a bulk spanning networks stops at the first refusal.
        for (const command of commands.right.commands) {
          const result = await run(engine, request, command);
          if (E.isLeft(result)) return sendCommandError(reply, result.left);
        }
        const items = commands.right.ids.map((id) => resource.get(engine.world, id)!);
        return reply.code(201).send(bulk ? { [resource.collection]: items } : { [resource.singular]: items[0] });
      },
    );

  const update = resource.update;
  if (update && resource.updateSchema)
    app.put<{ Params: { id: string } }>(
      `${base}/:id`,
      {
        schema: {
          tags: [resource.collection],
          params: idParams,
          body: { type: 'object', properties: { [resource.singular]: resource.updateSchema }, required: [resource.singular], additionalProperties: false },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        if (!find(request, id)) return missing(reply, id);
        const revision = ifMatchRevision(request);
        if (E.isLeft(revision)) return reject(reply, revision.left);
        const body = (request.body as Body)[resource.singular] as Body;
        const result = await run(engine, request, update(id, body, request.caller, revision.right));
        return E.isLeft(result) ? sendCommandError(reply, result.left) : reply.send({ [resource.singular]: resource.get(engine.world, id) });
      },
    );

  const remove = resource.remove;
  if (remove)
    app.delete<{ Params: { id: string } }>(`${base}/:id`, { schema: { tags: [resource.collection], params: idParams } }, async (request, reply) => {
      const { id } = request.params;
      if (!find(request, id)) return missing(reply, id);
      const revision = ifMatchRevision(request);
      if (E.isLeft(revision)) return reject(reply, revision.left);
      const result = await run(engine, request, remove(id, request.caller, revision.right));
      return E.isLeft(result) ? sendCommandError(reply, result.left) : reply.code(204).send();
    });
};
