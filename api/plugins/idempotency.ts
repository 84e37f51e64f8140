import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendError } from '../errors.js';

/** An answer as it left: what a retry with the same key gets back. */
interface Answer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly payload: string;
}

type Entry = { answer: Answer } | { pending: Promise<Answer | undefined> };

export interface IdempotencyOptions {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { key: string; settle: (answer: Answer | undefined) => void } | null;
  }
}

/** Answers a retry must not replay: the caller should try again for real. */
const retryable = (status: number): boolean => status === 429 || status >= 500;

/**
 * `Idempotency-Key` on creates: a retry with the same key, from the same caller, to the same path
 * gets the first answer (status and body) instead of creating twice; a retry that arrives while
 * the first is still running waits for it. The keys live in this process only, in a map bounded
 * by entries and bytes that forgets the least recently used: they do not survive a restart, and
 * two API nodes do not share them.
 */
async function rememberAnswers(app: FastifyInstance, given: Partial<IdempotencyOptions>) {
  const options: IdempotencyOptions = { maxEntries: 100_000, maxBytes: 64 * 1024 * 1024, ...given };
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const forget = (key: string) => {
    const entry = entries.get(key);
    if (entry && 'answer' in entry) bytes -= entry.answer.payload.length;
    entries.delete(key);
  };
  const remember = (key: string, answer: Answer) => {
    forget(key);
    entries.set(key, { answer });
    bytes += answer.payload.length;
    for (const oldest of entries.keys()) {
      if (entries.size <= options.maxEntries && bytes <= options.maxBytes) break;
      if (oldest !== key && 'pending' in entries.get(oldest)!) continue;
      forget(oldest);
    }
  };
  const replay = (reply: FastifyReply, answer: Answer) => {
    if (answer.contentType) reply.header('content-type', answer.contentType);
    return reply.code(answer.status).header('idempotent-replayed', 'true').send(answer.payload);
  };

  app.decorateRequest('idempotency', null);
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers['idempotency-key'];
    if (request.method !== 'POST' || header === undefined) return;
    if (typeof header !== 'string' || header.length === 0 || header.length > 255)
      return sendError(reply, 400, 'HTTPBadRequest', 'Idempotency-Key must be 1 to 255 characters.');
    const key = JSON.stringify([request.caller.projectId, request.caller.userId, request.routeOptions.url, header]);
    for (;;) {
      const entry = entries.get(key);
      if (entry === undefined) break;
      if ('answer' in entry) {
        entries.delete(key);
        entries.set(key, entry);
        return replay(reply, entry.answer);
      }
      const answer = await entry.pending;
      if (answer) return replay(reply, answer);
    }
    let settle!: (answer: Answer | undefined) => void;
    entries.set(key, { pending: new Promise((resolve) => (settle = resolve)) });
    request.idempotency = {
      key,
      settle: (answer) => {
        request.idempotency = null;
        if (answer && !retryable(answer.status)) remember(key, answer);
        else entries.delete(key);
        settle(answer && !retryable(answer.status) ? answer : undefined);
      },
    };
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.idempotency && typeof payload === 'string') {
      const contentType = reply.getHeader('content-type');
      request.idempotency.settle({ status: reply.statusCode, contentType: typeof contentType === 'string' ? contentType : undefined, payload });
    }
    return payload;
  });
  // Whatever happened (an empty body, an aborted request), a pending key must not stay pending.
  app.addHook('onResponse', async (request) => request.idempotency?.settle(undefined));
  app.addHook('onRequestAbort', async (request) => request.idempotency?.settle(undefined));
}

export const idempotency = fp(rememberAnswers, { name: 'netledger-idempotency', decorators: { request: ['caller'] } });
