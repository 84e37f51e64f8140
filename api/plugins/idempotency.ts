import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { keyClaim, type KeyClaim } from '../../engine/index.js';
import type { KeyedWrite } from '../../projections/index.js';
import type { Caller } from '../context.js';
import { sendCommandError, sendError } from '../errors.js';
import { caughtUpWithLog } from '../caught-up.js';

/** An answer as it left: what a retry waiting on the same key gets too. */
interface Answer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly payload: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: {
      key: string;
      settle: (answer: Answer | undefined) => void;
      /** Set once the log's index was found not to hold the key: the command that answers takes the key with it. */
      claim?: KeyClaim;
      /** Answers with the write of the command that took the key first (the engine answered KeyTaken). */
      answerTaken: (reply: FastifyReply) => Promise<FastifyReply>;
    } | null;
  }
  interface FastifyContextConfig {
    /**
     * How a route answers again a request whose key names a write in the log. Only routes that
     * have one take `Idempotency-Key`; the others ignore the header.
     */
    answerAgain?: (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply, write: KeyedWrite) => Promise<FastifyReply>;
  }
}

/** Answers a retry must not replay: the caller should try again for real. */
const retryable = (status: number): boolean => status === 429 || status >= 500;

/** A key names one caller's request to one route: another project, user or route with the same header is another request. */
export const scopedKey = (caller: Pick<Caller, 'projectId' | 'userId'>, route: string, header: string): string =>
  JSON.stringify([caller.projectId, caller.userId, route, header]);

const resend = (reply: FastifyReply, answer: Answer) => {
  if (answer.contentType) reply.header('content-type', answer.contentType);
  return reply.code(answer.status).header('idempotent-replayed', 'true').send(answer.payload);
};

/**
 * Once this node has read the log up to its head (so a write another node made is seen): the
 * answer again of the write the log's index names under the request's key, or undefined when it
 * names none, and the request then claims the key's stream as that very look-up saw it.
 */
const answeredFromLog = async (app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
  const idempotency = request.idempotency!;
  if (!(await caughtUpWithLog(app.engine))) {
    reply.header('Retry-After', '1');
    return sendError(reply, 503, 'ServiceUnavailable', 'This node cannot read the log now, so it cannot tell whether this Idempotency-Key was used; retry later.');
  }
  const write = app.idempotencyKeys.find(idempotency.key, Date.now());
  if (write) return request.routeOptions.config.answerAgain!.call(app, request, reply.header('idempotent-replayed', 'true'), write);
  idempotency.claim = keyClaim(app.engine.world, idempotency.key);
  return undefined;
};

/**
 * `Idempotency-Key` on creates: the key goes into the metadata of the write's events, and the log's
 * index of keys (projections/idempotency-keys.ts) answers a retry, on this node or another one,
 * after a restart or a kill -9, for a day: the same status and body shape, with the resources as
 * they are now (a resource deleted since as it was then), marked `Idempotent-Replayed: true`. A retry
 * waits for this node to read the log up to its head first, so a write another node made is seen.
 * A retry that arrives while the first is still running on this node waits for its answer; one
 * that another node runs at the same moment is stopped by the key's stream (engine/key-claim.ts)
 * and answered as a retry after it would be. A refusal wrote nothing: a retry after it is decided
 * again, as are retries after 429 and 5xx.
 */
async function answerRetries(app: FastifyInstance) {
  const running = new Map<string, Promise<Answer | undefined>>();

  app.decorateRequest('idempotency', null);
  const takeKey = async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers['idempotency-key'];
    if (typeof header !== 'string' || header.length === 0 || header.length > 255)
      return sendError(reply, 400, 'HTTPBadRequest', 'Idempotency-Key must be 1 to 255 characters.');
    const key = scopedKey(request.caller, request.routeOptions.url!, header);
    for (let first = running.get(key); first; first = running.get(key)) {
      const answer = await first;
      if (answer) return resend(reply, answer);
    }
    let settle!: (answer: Answer | undefined) => void;
    running.set(key, new Promise((resolve) => (settle = resolve)));
    request.idempotency = {
      key,
      settle: (answer) => {
        request.idempotency = null;
        running.delete(key);
        settle(answer && !retryable(answer.status) ? answer : undefined);
      },
      answerTaken: async (taken) => (await answeredFromLog(app, request, taken)) ?? sendCommandError(taken, { _tag: 'KeyTaken' }),
    };
    return answeredFromLog(app, request, reply);
  };
  // Callback hooks, not async ones: every request passes them, and most have no key.
  app.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (request.method !== 'POST' || request.headers['idempotency-key'] === undefined || !request.routeOptions.config.answerAgain) return done();
    takeKey(request, reply).then(() => done(), done);
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.idempotency && typeof payload === 'string') {
      const contentType = reply.getHeader('content-type');
      request.idempotency.settle({ status: reply.statusCode, contentType: typeof contentType === 'string' ? contentType : undefined, payload });
    }
    done(null, payload);
  });
  // Whatever happened (an empty body, an aborted request), a running key must not stay running.
  app.addHook('onResponse', (request, _reply, done) => {
    request.idempotency?.settle(undefined);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    request.idempotency?.settle(undefined);
    done();
  });
}

export const idempotency = fp(answerRetries, { name: 'netledger-idempotency', decorators: { request: ['caller'], fastify: ['engine', 'idempotencyKeys'] } });
