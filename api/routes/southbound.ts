import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Engine } from '../../engine/index.js';
import type { HostStreams, Watchers } from '../../southbound/index.js';
import * as E from 'fp-ts/lib/Either.js';
import type { TimeMachine } from '../../history/time-machine.js';
import { sendError } from '../errors.js';
import { mayReadHost } from '../host-access.js';
import { goalStateAsOf, goalStateHistoryRoutes, sendPieces, sendRefusal } from './goal-state-history.js';

type HostRequest = FastifyRequest<{ Params: { id: string }; Querystring: { since?: string; as_of?: string } }>;

/**
 * A host is known once registered, and stays watchable while its stream exists (a removed host's
 * agent hears the deletes that emptied it).
 */
const knownHost = (engine: Engine, streams: HostStreams, request: HostRequest, reply: FastifyReply): boolean => {
  const { id } = request.params;
  if (mayReadHost(request.caller, id) && (engine.world.hosts.has(id) || streams.seqOf(id) > 0)) return true;
  sendError(reply, 404, 'HostNotFound', `Host ${id} could not be found.`);
  return false;
};

/** The embedded southbound transport: snapshots, resumable NDJSON watches, and the stream digests. */
export const southboundRoutes = (app: FastifyInstance, engine: Engine, streams: HostStreams, watchers: Watchers, machine?: TimeMachine): void => {
  app.get('/southbound/v1/hosts/:id/goal-state', { schema: { hide: true } }, async (request: HostRequest, reply) => {
    const { as_of: asOf } = request.query;
    if (asOf !== undefined) {
      if (!mayReadHost(request.caller, request.params.id)) return sendError(reply, 404, 'HostNotFound', `Host ${request.params.id} could not be found.`);
      if (!machine) return sendError(reply, 400, 'HTTPBadRequest', 'as_of is not available on this server');
      const past = await goalStateAsOf(machine, request.params.id, asOf);
      if (E.isLeft(past)) return sendRefusal(reply, past.left, 'as_of');
      return sendPieces(reply, past.right.pieces, past.right.release);
    }
    if (!knownHost(engine, streams, request, reply)) return reply;
    // Sent as encoded once per seq (the JSON line of the watch, newline included): a big host's snapshot is a copy, not an encoding.
    return reply.type('application/json; charset=utf-8').send(streams.snapshotLine(request.params.id));
  });

  app.get('/southbound/v1/hosts/:id/watch', { schema: { hide: true } }, async (request: HostRequest, reply) => {
    const since = request.query.since ?? '0';
    if (!/^\d{1,15}$/.test(since))
      return sendError(reply, 400, 'HTTPBadRequest', `Invalid input for since. Reason: '${since.slice(0, 40)}' is not a non-negative integer.`);
    if (!knownHost(engine, streams, request, reply)) return reply;
    reply.hijack();
    // A watch lives as long as its connection: closing one must not leave a kept-alive socket behind.
    reply.raw.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store', connection: 'close' });
    // An idle host's agent learns at once that its watch is open, not at the first heartbeat.
    reply.raw.flushHeaders();
    watchers.watch(request.params.id, Number(since), reply.raw);
    return reply;
  });

  if (machine) goalStateHistoryRoutes(app, machine);

  app.get('/southbound/v1/digests', { schema: { hide: true } }, async (request, reply) =>
    request.caller.isAdmin ? streams.digests() : sendError(reply, 403, 'HTTPForbidden', 'Stream digests are for the operator.'),
  );

  app.addHook('preClose', async () => watchers.close());
};
