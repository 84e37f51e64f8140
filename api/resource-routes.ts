import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Command, World } from '../domain/index.js';
import type { SelfContainedKind } from '../projections/index.js';
import type { CommandError, Engine } from '../engine/index.js';
import { newId, type Caller } from './context.js';
import { sendCommandError, sendError } from './errors.js';
import { listOf } from './list-query.js';
import type { Refusal } from './read-modify-write.js';
import { run } from './respond.js';
import { ifMatchRevision } from './if-match.js';
import { asOfSchema, withAsOf, type ReadView } from './as-of.js';
import { owns } from './ownership.js';
import { ALWAYS, anyObject, CHANGING, noContent, responses, WITH_BODY } from './schema-parts.js';
import { tagRoutes } from './tag-routes.js';

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
  /** Set when the view follows from the resource's own history: an `as_of` show then folds only that. */
  readonly selfContainedKind?: SelfContainedKind;
  readonly list: (world: World) => Iterable<Item>;
  /** May the caller see this item? (tokens mode: own project, or shared). */
  readonly visible: (item: Item, caller: Caller) => boolean;
  /** May the caller change what it sees? Default: admin or the item's project. Seen but not owned is 403, as in Neutron. */
  readonly owned?: (item: Item, caller: Caller) => boolean;
  /** Runs before a list is read (Neutron creates a project's default security group here). */
  readonly beforeList?: (request: FastifyRequest) => Promise<E.Either<CommandError, unknown>>;
  /** Builds the create commands for a validated body, grouped so each lands in one append. */
  readonly create?: (bodies: Body[], caller: Caller, engine: Engine) => Promise<E.Either<Refusal, { commands: Command[]; ids: string[] }>>;
  /** The update command, or why the caller may not make it (e.g. a reference it cannot see). */
  readonly update?: (id: string, body: Body, caller: Caller, ifRevision: number | undefined) => E.Either<Refusal, Command>;
  readonly remove?: (id: string, caller: Caller, ifRevision: number | undefined) => Command;
}

/** One create command per body, each under a fresh id; the first body refused refuses them all. */
export const createEach = <B>(
  bodies: readonly B[],
  command: (body: B, id: string) => E.Either<Refusal, Command>,
): E.Either<Refusal, { commands: Command[]; ids: string[] }> => {
  const commands: Command[] = [];
  const ids: string[] = [];
  for (const body of bodies) {
    const id = newId();
    const created = command(body, id);
    if (E.isLeft(created)) return created;
    commands.push(created.right);
    ids.push(id);
  }
  return E.right({ commands, ids });
};

const reject = (reply: FastifyReply, e: Refusal) => sendError(reply, e.status, e.type, e.message);

const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 255 } }, required: ['id'] } as const;

/** Looks up what the caller may see, and answers 404 or 403 for what it may not see or change. */
export const resourceAccess = (engine: Engine, resource: ResourceDescription) => {
  const find = (request: FastifyRequest, id: string): Item | undefined => {
    const item = resource.get(engine.world, id);
    return item && resource.visible(item, request.caller) ? item : undefined;
  };
  const missing = (reply: FastifyReply, id: string) => sendError(reply, 404, resource.notFoundType, resource.notFoundMessage(id));
  /** The item the caller may change, or undefined after answering why not. */
  const changeable = (request: FastifyRequest, reply: FastifyReply, id: string): Item | undefined => {
    const item = find(request, id);
    if (!item) {
      missing(reply, id);
      return undefined;
    }
    if (!(resource.owned ?? owns)(item, request.caller)) {
      sendError(reply, 403, 'HTTPForbidden', `Changing ${resource.singular} ${id} is disallowed by policy.`);
      return undefined;
    }
    return item;
  };
  return { find, missing, changeable };
};

export const resourceRoutes = (app: FastifyInstance, engine: Engine, resource: ResourceDescription): void => {
  const undoCreated = async (request: FastifyRequest, ids: readonly string[], remove: NonNullable<ResourceDescription['remove']>) => {
    for (const id of [...ids].reverse()) {
      if (!resource.get(engine.world, id)) continue;
      const undone = await run(engine, request, remove(id, request.caller, undefined));
      if (E.isLeft(undone)) request.log.warn({ id, error: undone.left }, 'a refused bulk create left this resource behind');
    }
  };
  const base = `${resource.prefix ?? '/v2.0'}/${resource.collection.replaceAll('_', '-')}`;
  const { find, missing, changeable } = resourceAccess(engine, resource);
  const tags = [resource.collection];
  const one = { type: 'object', properties: { [resource.singular]: resource.itemSchema, as_of: asOfSchema }, required: [resource.singular] };

  app.get(base, { schema: { tags, response: responses({ 200: anyObject }, [...ALWAYS, 404, 409, 429, 503]) } }, async (request, reply) => {
    if (resource.beforeList) {
      const ready = await resource.beforeList(request);
      if (E.isLeft(ready)) return sendCommandError(reply, ready.left);
    }
    const view = await app.readView(request);
    if (E.isLeft(view)) return reject(reply, view.left);
    const visible = (function* () {
      for (const item of resource.list(view.right.world)) if (resource.visible(item, request.caller)) yield item;
    })();
    const body = listOf(
      { collection: resource.collection, url: request.url, baseUrl: `${request.protocol}://${request.host}`, query: request.query as Record<string, string | string[]> },
      visible,
      resource.attributes,
    );
    return E.isLeft(body) ? reject(reply, body.left) : reply.send(withAsOf(reply, view.right, body.right));
  });

  app.get<{ Params: { id: string } }>(
    `${base}/:id`,
    { schema: { tags, params: idParams, response: responses({ 200: one }, [...ALWAYS, 404]) } },
    async (request, reply) => {
      const past = await app.readPastResource(request, resource.selfContainedKind, request.params.id);
      const read = past ?? E.map((view: ReadView) => ({ item: resource.get(view.world, request.params.id), view }))(await app.readView(request));
      if (E.isLeft(read)) return reject(reply, read.left);
      const { item: found, view } = read.right;
      const item = found && resource.visible(found, request.caller) ? found : undefined;
      if (!item) return missing(reply, request.params.id);
      const fields = ([] as string[]).concat((request.query as { fields?: string | string[] }).fields ?? []);
      const shown = fields.length === 0 ? item : Object.fromEntries(fields.filter((f) => f in item).map((f) => [f, item[f]]));
      return reply.send(withAsOf(reply, view, { [resource.singular]: shown }));
    },
  );

  const create = resource.create;
  if (create && resource.createSchema)
    app.post(
      base,
      {
        schema: {
          tags,
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
          response: responses({ 201: anyObject }, [...ALWAYS, 403, 404, ...WITH_BODY, ...CHANGING]),
        },
      },
      async (request, reply) => {
        const body = request.body as Body;
        const bulk = Array.isArray(body[resource.collection]);
        const bodies = (bulk ? body[resource.collection] : [body[resource.singular]]) as Body[];
        const commands = await create(bodies, request.caller, engine);
        if (E.isLeft(commands)) return reject(reply, commands.left);
        // Each command is one append (one network's ports together), atomic on its own. A bulk
        // spanning several appends is all or nothing as Neutron's is: when one is refused, what the
        // earlier ones created is deleted again (the log keeps both, the world ends as before).
        for (const command of commands.right.commands) {
          const result = await run(engine, request, command);
          if (E.isLeft(result)) {
            if (bulk && resource.remove) await undoCreated(request, commands.right.ids, resource.remove);
            return sendCommandError(reply, result.left);
          }
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
          tags,
          params: idParams,
          body: { type: 'object', properties: { [resource.singular]: resource.updateSchema }, required: [resource.singular], additionalProperties: false },
          response: responses({ 200: one }, [...ALWAYS, 403, 404, 412, ...WITH_BODY, ...CHANGING]),
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        if (!changeable(request, reply, id)) return reply;
        const revision = ifMatchRevision(request);
        if (E.isLeft(revision)) return reject(reply, revision.left);
        const body = (request.body as Body)[resource.singular] as Body;
        const command = update(id, body, request.caller, revision.right);
        if (E.isLeft(command)) return reject(reply, command.left);
        const result = await run(engine, request, command.right);
        return E.isLeft(result) ? sendCommandError(reply, result.left) : reply.send({ [resource.singular]: resource.get(engine.world, id) });
      },
    );

  const remove = resource.remove;
  if (remove)
    app.delete<{ Params: { id: string } }>(
      `${base}/:id`,
      { schema: { tags, params: idParams, response: responses({ 204: noContent }, [...ALWAYS, 403, 404, 412, ...CHANGING]) } },
      async (request, reply) => {
        const { id } = request.params;
        if (!changeable(request, reply, id)) return reply;
        const revision = ifMatchRevision(request);
        if (E.isLeft(revision)) return reject(reply, revision.left);
        const result = await run(engine, request, remove(id, request.caller, revision.right));
        return E.isLeft(result) ? sendCommandError(reply, result.left) : reply.code(204).send();
      },
    );

  if (update && resource.attributes.has('tags'))
    tagRoutes(app, engine, base, resource, resourceAccess(engine, resource), (id, tags, caller, ifRevision) => update(id, { tags }, caller, ifRevision));
};
