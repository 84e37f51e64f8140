import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance } from 'fastify';
import { checksumOf } from '../../southbound/index.js';
import type { TimeMachine } from '../../infra/time-travel/time-machine.js';
import { sendError } from '../errors.js';
import { mayReadHost } from '../host-access.js';

type HostRequest = { Params: { id: string }; Querystring: Record<string, string | undefined> };

/**
 * A host's goal state in the past, and its net change between two moments (in the diff format),
 * computed from the world rebuilt at those positions.
 */
export const goalStateHistoryRoutes = (app: FastifyInstance, machine: TimeMachine): void => {
  const resolve = (asked: string | undefined, name: string) => {
    if (asked === undefined) return E.left(`Invalid input for ${name}. Reason: a log position or an RFC 3339 time is required.`);
    return E.mapLeft((reason: string) => `Invalid input for ${name}. Reason: ${reason}`)(machine.resolve(asked));
  };

  app.get<HostRequest>('/southbound/v1/hosts/:id/goal-state/diff', { schema: { hide: true } }, async (request, reply) => {
    if (!mayReadHost(request.caller, request.params.id)) return sendError(reply, 404, 'HostNotFound', `Host ${request.params.id} could not be found.`);
    const from = resolve(request.query.from, 'from');
    const to = resolve(request.query.to, 'to');
    if (E.isLeft(from)) return sendError(reply, 400, 'HTTPBadRequest', from.left);
    if (E.isLeft(to)) return sendError(reply, 400, 'HTTPBadRequest', to.left);
    const ops = await machine.goalStateChange(request.params.id, from.right.position, to.right.position);
    return { hostId: request.params.id, from: from.right, to: to.right, ops };
  });
};

/** The goal state of a host as of a position or time: the snapshot form, without a seq. */
export const goalStateAsOf = async (machine: TimeMachine, hostId: string, asOf: string) => {
  const resolved = machine.resolve(asOf);
  if (E.isLeft(resolved)) return resolved;
  const goalState = await machine.goalStateAt(hostId, resolved.right.position);
  return E.right({ type: 'snapshot' as const, hostId, position: resolved.right.position, as_of: resolved.right, checksum: checksumOf(goalState), goal_state: goalState });
};
