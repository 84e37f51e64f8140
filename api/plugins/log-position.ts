import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { sendError } from '../errors.js';

/** How long a read waits for this node's world to reach its `min_position`. */
const MIN_POSITION_WAIT_MS = 5_000;

export const POSITION_HEADER = 'X-Netledger-Position';

/** A GET naming `min_position=N` waits up to a few seconds for this node's world to reach N. */
function waitForMinPosition(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  const query = request.query as Record<string, string | string[] | undefined>;
  if (request.method !== 'GET' || query.min_position === undefined) return done();
  reachMinPosition(this, query, reply).then(() => done(), done);
}

const reachMinPosition = async (app: FastifyInstance, query: Record<string, string | string[] | undefined>, reply: FastifyReply) => {
  const wanted = query.min_position;
  delete query.min_position; // the routes' own query schemas never hear of it
  const position = typeof wanted === 'string' && /^\d{1,15}$/.test(wanted) ? Number(wanted) : undefined;
  if (position === undefined) {
    return sendError(reply, 400, 'HTTPBadRequest', `Invalid input for min_position. Reason: '${String(wanted).slice(0, 32)}' is not a log position.`);
  }
  const { engine } = app;
  if (position <= engine.world.position) return;
  // A position beyond the log's head is not late, it does not exist: refuse it at once.
  const head = await engine.store.headPosition().catch(() => Number.POSITIVE_INFINITY);
  if (position > head) {
    return sendError(reply, 400, 'HTTPBadRequest', `Invalid input for min_position. Reason: position ${position} is beyond the log's head ${head}.`);
  }
  if (!(await engine.waitForPosition(position, MIN_POSITION_WAIT_MS))) {
    reply.header('Retry-After', '1');
    return sendError(reply, 503, 'ServiceUnavailable', `This node has not yet reached log position ${position}; retry later.`);
  }
};

/** A read names the position its world had reached when the handler began. */
function nameReadPosition(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  if (request.method === 'GET') reply.header(POSITION_HEADER, String(this.engine.world.position));
  done();
}

/** A write names the position once it was applied (and anything else, what the world had reached). */
function nameAnswerPosition(this: FastifyInstance, _request: FastifyRequest, reply: FastifyReply, _payload: unknown, done: (error: null) => void) {
  if (!reply.hasHeader(POSITION_HEADER)) reply.header(POSITION_HEADER, String(this.engine.world.position));
  done(null);
}

/**
 * Reading your writes across API nodes. Every answer names, in X-Netledger-Position, the log
 * position its world had reached: for a read, when the handler began; for a write, once it was
 * applied. Any GET may name `min_position=N` (a position another node answered with): it waits
 * up to a few seconds for this node's world to reach N, and answers 503 with Retry-After if it
 * does not, rather than answer from an older world.
 */
export const logPosition = fp(
  async (app) => {
    app.addHook('onRequest', waitForMinPosition);
    app.addHook('preHandler', nameReadPosition);
    app.addHook('onSend', nameAnswerPosition);
  },
  { name: 'netledger-log-position', decorators: { fastify: ['engine'] } },
);
