import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AgentReport } from '../../southbound/index.js';
import { sendError } from '../errors.js';
import { mayReadHost } from '../host-access.js';
import { goalStateAsOf, sendPieces, sendRefusal, showGoalStateChange } from './goal-state-history.js';

type HostRequest = FastifyRequest<{ Params: { id: string }; Querystring: { since?: string; as_of?: string } }>;

const hidden = { hide: true } as const;

/**
 * A host is known once registered, and stays watchable while its stream exists (a removed host's
 * agent hears the deletes that emptied it).
 */
const knownHost = (app: FastifyInstance, request: HostRequest, reply: FastifyReply): boolean => {
  const { id } = request.params;
  if (mayReadHost(request.caller, id) && (app.engine.world.hosts.has(id) || app.southbound!.streams.seqOf(id) > 0)) return true;
  sendError(reply, 404, 'HostNotFound', `Host ${id} could not be found.`);
  return false;
};

/** GET /southbound/v1/hosts/{id}/goal-state: the host's goal state now, or as of a past position or time. */
async function showGoalState(this: FastifyInstance, request: HostRequest, reply: FastifyReply) {
  const { as_of: asOf } = request.query;
  if (asOf !== undefined) {
    if (!mayReadHost(request.caller, request.params.id)) return sendError(reply, 404, 'HostNotFound', `Host ${request.params.id} could not be found.`);
    if (!this.history) return sendError(reply, 400, 'HTTPBadRequest', 'as_of is not available on this server');
    const past = await goalStateAsOf(this.history, request.params.id, asOf);
    if (E.isLeft(past)) return sendRefusal(reply, past.left, 'as_of');
    if (!past.right) return sendError(reply, 404, 'HostNotFound', `Host ${request.params.id} could not be found.`);
    return sendPieces(reply, past.right.pieces, past.right.release);
  }
  if (!knownHost(this, request, reply)) return reply;
  // The JSON line of the watch (newline included), its goal state's bytes made once per seq and sent as they are.
  const { pieces, release } = this.southbound!.streams.snapshotLine(request.params.id);
  return sendPieces(reply, pieces, release);
}

/** GET /southbound/v1/hosts/{id}/watch?since=N: the host's diffs after seq N, as NDJSON, for as long as the connection lives. */
async function watchGoalState(this: FastifyInstance, request: HostRequest, reply: FastifyReply) {
  const since = request.query.since ?? '0';
  if (!/^\d{1,15}$/.test(since))
    return sendError(reply, 400, 'HTTPBadRequest', `Invalid input for since. Reason: '${since.slice(0, 40)}' is not a non-negative integer.`);
  if (!knownHost(this, request, reply)) return reply;
  const full = this.southbound!.watchers.refusal(request.params.id);
  if (full) return sendError(reply.header('retry-after', '5'), 503, 'ServiceUnavailable', full);
  reply.hijack();
  // A watch lives as long as its connection: closing one must not leave a kept-alive socket behind.
  reply.raw.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store', connection: 'close' });
  // An idle host's agent learns at once that its watch is open, not at the first heartbeat.
  reply.raw.flushHeaders();
  this.southbound!.watchers.watch(request.params.id, Number(since), reply.raw);
  return reply;
}

const reportSchema = {
  hide: true,
  body: {
    type: 'object',
    required: ['seq', 'checksum'],
    properties: {
      seq: { type: 'integer', minimum: 0 },
      checksum: { type: 'string', maxLength: 128 },
      agent_type: { type: 'string', maxLength: 255 },
      agent_version: { type: 'string', maxLength: 255 },
    },
  },
} as const;

/** POST /southbound/v1/hosts/{id}/report: the host's agent says which seq it applied and the checksum it holds there. */
async function receiveReport(this: FastifyInstance, request: FastifyRequest<{ Params: { id: string }; Body: unknown }>, reply: FastifyReply) {
  if (!knownHost(this, request as HostRequest, reply)) return reply;
  const report = AgentReport.decode(request.body);
  if (E.isLeft(report)) return sendError(reply, 400, 'HTTPBadRequest', 'A report is {"seq": N, "checksum": "<64 lowercase hex digits>"}.');
  return this.southbound!.reports.record(request.params.id, report.right, Date.now());
}

/** GET /southbound/v1/digests: every stream's checksum, for the operator. */
async function showDigests(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  return request.caller.isAdmin ? this.southbound!.streams.digests() : sendError(reply, 403, 'HTTPForbidden', 'Stream digests are for the operator.');
}

/** The embedded southbound transport: snapshots, resumable NDJSON watches, agents' reports, and the stream digests (registered when the node has a southbound). */
export const southboundRoutes = async (app: FastifyInstance): Promise<void> => {
  app.get('/southbound/v1/hosts/:id/goal-state', { schema: hidden }, showGoalState);
  app.get('/southbound/v1/hosts/:id/watch', { schema: hidden }, watchGoalState);
  app.post('/southbound/v1/hosts/:id/report', { schema: reportSchema }, receiveReport);
  if (app.history) app.get('/southbound/v1/hosts/:id/goal-state/diff', { schema: hidden }, showGoalStateChange);
  app.get('/southbound/v1/digests', { schema: hidden }, showDigests);
};
