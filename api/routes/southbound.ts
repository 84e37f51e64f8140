import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Engine } from '../../infra/engine/index.js';
import type { HostStreams, Watchers } from '../../southbound/index.js';
import { sendError } from '../errors.js';

type HostRequest = FastifyRequest<{ Params: { id: string }; Querystring: { since?: string } }>;

/**
 * A host is known once registered, and stays watchable while its stream exists (a removed host's
 * agent hears the deletes that emptied it).
 */
const knownHost = (engine: Engine, streams: HostStreams, request: HostRequest, reply: FastifyReply): boolean => {
  if (!request.caller.isAdmin) {
    sendError(reply, 403, 'HTTPForbidden', 'Goal states are for the operator and the host agents.');
    return false;
  }
  const { id } = request.params;
  if (engine.world.hosts.has(id) || streams.seqOf(id) > 0) return true;
  sendError(reply, 404, 'HostNotFound', `Host ${id} could not be found.`);
  return false;
};

/** The embedded southbound transport: snapshots, resumable NDJSON watches, and the stream digests. */
export const southboundRoutes = (app: FastifyInstance, engine: Engine, streams: HostStreams, watchers: Watchers): void => {
  app.get('/southbound/v1/hosts/:id/goal-state', { schema: { hide: true } }, async (request: HostRequest, reply) => {
    if (!knownHost(engine, streams, request, reply)) return reply;
    return streams.snapshot(request.params.id);
  });

  app.get('/southbound/v1/hosts/:id/watch', { schema: { hide: true } }, async (request: HostRequest, reply) => {
    const since = request.query.since ?? '0';
    if (!/^\d{1,15}$/.test(since))
      return sendError(reply, 400, 'HTTPBadRequest', `Invalid input for since. Reason: '${since.slice(0, 40)}' is not a non-negative integer.`);
    if (!knownHost(engine, streams, request, reply)) return reply;
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
    watchers.watch(request.params.id, Number(since), reply.raw);
    return reply;
  });

  app.get('/southbound/v1/digests', { schema: { hide: true } }, async () => streams.digests());

  app.addHook('preClose', async () => watchers.close());
};
