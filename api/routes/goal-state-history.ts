import { Readable } from 'node:stream';
import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AsOf, Refusal, TimeMachine } from '../../history/time-machine.js';
import { sendError } from '../errors.js';
import { mayReadHost } from '../host-access.js';

type HostRequest = { Params: { id: string }; Querystring: Record<string, string | undefined> };

/** A refused as-of parameter: a bad value names the parameter; an index that is down says so. */
export const sendRefusal = (reply: FastifyReply, refusal: Refusal, name: string): FastifyReply =>
  sendError(reply, refusal.status, refusal.type, refusal.status === 400 ? `Invalid input for ${name}. Reason: ${refusal.message}` : refusal.message);

/**
 * JSON sent as pieces one after the other, not copied into one buffer (a big host's goal state is
 * megabytes); `release` is called once the response is done with them (their memory is used again).
 */
export const sendPieces = (reply: FastifyReply, pieces: readonly Buffer[], release: () => void): FastifyReply => {
  reply.raw.once('close', release);
  return reply
    .type('application/json; charset=utf-8')
    .header('content-length', pieces.reduce((total, piece) => total + piece.length, 0))
    .send(Readable.from(pieces));
};

/** A position or time the caller must give. */
const resolveRequired = (history: TimeMachine, asked: string | undefined): E.Either<Refusal, AsOf> =>
  asked === undefined ? E.left({ status: 400, type: 'HTTPBadRequest', message: 'a log position or an RFC 3339 time is required.' }) : history.resolve(asked);

/**
 * GET /southbound/v1/hosts/{id}/goal-state/diff?from=&to=: a host's net change between two moments
 * (in the diff format), read from the goal-state archive (the world at those positions if the archive is lost).
 */
export async function showGoalStateChange(this: FastifyInstance, request: FastifyRequest<HostRequest>, reply: FastifyReply) {
  const history = this.history!;
  if (!mayReadHost(request.caller, request.params.id)) return sendError(reply, 404, 'HostNotFound', `Host ${request.params.id} could not be found.`);
  const from = resolveRequired(history, request.query.from);
  const to = resolveRequired(history, request.query.to);
  if (E.isLeft(from)) return sendRefusal(reply, from.left, 'from');
  if (E.isLeft(to)) return sendRefusal(reply, to.left, 'to');
  if (!history.hostKnownAt(request.params.id, Math.max(from.right.position, to.right.position)))
    return sendError(reply, 404, 'HostNotFound', `Host ${request.params.id} could not be found.`);
  const ops = await history.encodedGoalStateChange(request.params.id, from.right.position, to.right.position);
  const head = `{"hostId":${JSON.stringify(request.params.id)},"from":${JSON.stringify(from.right)},"to":${JSON.stringify(to.right)},"ops":`;
  return sendPieces(reply, [Buffer.from(head), ops.utf8, Buffer.from('}')], ops.release);
}

/**
 * The goal state of a host as of a position or time: the snapshot form, without a seq, as pieces
 * of JSON to send (see sendPieces), and what to call once they are sent. The goal state comes as
 * its canonical JSON and goes out as it is. Undefined for a host the log had not named by then
 * (as the present goal state of an unknown host, it is not an empty one).
 */
export const goalStateAsOf = async (
  history: TimeMachine,
  hostId: string,
  asOf: string,
): Promise<E.Either<Refusal, { pieces: Buffer[]; release: () => void } | undefined>> => {
  const resolved = history.resolve(asOf);
  if (E.isLeft(resolved)) return resolved;
  const { position } = resolved.right;
  if (!history.hostKnownAt(hostId, position)) return E.right(undefined);
  const { utf8, checksum, release } = await history.encodedGoalStateAt(hostId, position);
  const head = `{"type":"snapshot","hostId":${JSON.stringify(hostId)},"position":${position},"as_of":${JSON.stringify(resolved.right)},"checksum":${JSON.stringify(checksum)},"goal_state":`;
  return E.right({ pieces: [Buffer.from(head), utf8, Buffer.from('}')], release });
};
