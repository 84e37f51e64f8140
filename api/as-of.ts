import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { World } from '../domain/index.js';
import type { AsOf } from '../history/time-machine.js';
import type { SelfContainedKind } from '../projections/index.js';

export interface ReadView {
  readonly world: World;
  /** Set when the request asked `as_of`: the position (and time) the answer was computed at. */
  readonly asOf?: AsOf;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The world a read sees: the present, or the world as of the request's `as_of`. */
    readView(request: FastifyRequest): Promise<E.Either<{ status: number; type: string; message: string }, ReadView>>;
    /**
     * For `as_of` shows of resources whose view follows from their own history: the resource as it
     * was, folded from its events alone (no world rebuild). Undefined when the request is not such a read.
     */
    readPastResource(
      request: FastifyRequest,
      kind: SelfContainedKind | undefined,
      id: string,
    ): Promise<E.Either<{ status: number; type: string; message: string }, { item?: Record<string, unknown>; view: ReadView }> | undefined>;
  }
}

const asOfParameter = (request: FastifyRequest): string | undefined => {
  const value = (request.query as Record<string, unknown> | undefined)?.as_of;
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
};

/** The world a read sees: the present, or the world as of the request's `as_of`. */
async function readView(this: FastifyInstance, request: FastifyRequest) {
  const { engine, history } = this;
  const asked = asOfParameter(request);
  if (asked === undefined) return E.right({ world: engine.world });
  if (!history) return E.left({ status: 400, type: 'HTTPBadRequest', message: 'as_of is not available on this server' });
  const resolved = history.resolve(asked);
  if (E.isLeft(resolved)) return resolved;
  const { position } = resolved.right;
  const world = position >= engine.world.position ? engine.world : await history.pastWorld(position);
  return E.right({ world, asOf: resolved.right });
}

/** A resource as it was, folded from its own events (no world rebuild), for an `as_of` show. */
async function readPastResource(this: FastifyInstance, request: FastifyRequest, kind: SelfContainedKind | undefined, id: string) {
  const { engine, history } = this;
  const asked = asOfParameter(request);
  if (asked === undefined || kind === undefined || !history) return undefined;
  const resolved = history.resolve(asked);
  if (E.isLeft(resolved)) return resolved;
  const item = await history.viewAt(kind, id, resolved.right.position);
  return E.map((found: Record<string, unknown> | undefined) => ({ item: found, view: { world: engine.world, asOf: resolved.right } }))(item);
}

/**
 * Every read goes through here, so `as_of` (a log position or an RFC 3339 time) works on every GET
 * alike: the present world, or one rebuilt from a snapshot and a bounded replay.
 */
export const readViews = fp(
  async (app) => {
    app.decorate('readView', readView);
    app.decorate('readPastResource', readPastResource);
  },
  { name: 'netledger-read-views', decorators: { fastify: ['engine', 'history'] } },
);

/** What an as-of answer adds to its body. */
export const asOfSchema = {
  type: 'object',
  properties: { position: { type: 'integer' }, time: { type: ['string', 'null'] } },
} as const;

/** The answer names the position it was computed at, in a header and in the body. */
export const withAsOf = (reply: FastifyReply, view: ReadView, body: Record<string, unknown>): Record<string, unknown> => {
  if (!view.asOf) return body;
  reply.header('X-Netledger-Position', String(view.asOf.position));
  return { ...body, as_of: view.asOf };
};
