import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { neutronError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The log positions this request's commands appended at (api/respond.ts adds them). */
    appended: { readonly first: number; readonly last: number }[];
  }
}

const DEFAULT_TIMEOUT_S = 5;
const MAX_TIMEOUT_S = 60;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** What the request asked: `?wait=hosts&timeout=S` or `X-Netledger-Wait: hosts` with `X-Netledger-Wait-Timeout: S`. */
const askedWait = (request: FastifyRequest): { timeoutS: number } | { error: string } | undefined => {
  const query = request.query as Record<string, unknown>;
  const wait = text(query.wait) ?? text(request.headers['x-netledger-wait']);
  const timeout = text(query.timeout) ?? text(request.headers['x-netledger-wait-timeout']);
  if (wait === undefined) return timeout === undefined ? undefined : { error: 'timeout is given with wait=hosts.' };
  if (wait !== 'hosts') return { error: `wait must be 'hosts', not '${wait.slice(0, 40)}'.` };
  const timeoutS = timeout === undefined ? DEFAULT_TIMEOUT_S : Number(timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0 || timeoutS > MAX_TIMEOUT_S) return { error: `timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_S}.` };
  return { timeoutS };
};

const WRITES = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

function startRecording(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  request.appended = [];
  const asked = WRITES.has(request.method) ? askedWait(request) : undefined;
  if (!asked || !('error' in asked)) return done();
  reply.code(400).send(neutronError('HTTPBadRequest', `Invalid input for wait. Reason: ${asked.error}`));
}

/**
 * A write answered once every host it changed has applied it: the hosts are those whose streams
 * got a diff at the positions the write appended, each up to that diff's seq (never "all hosts").
 * `X-Netledger-Waited-For` names them; past the timeout the answer is 202 and
 * `X-Netledger-Not-Applied` names the hosts that had not caught up.
 */
function waitForHosts(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: Error | null) => void) {
  const southbound = this.southbound;
  const asked = !southbound || !WRITES.has(request.method) || reply.statusCode >= 300 || request.appended.length === 0 ? undefined : askedWait(request);
  if (!southbound || !asked || 'error' in asked) return done(null);
  const targets = southbound.touched.within(request.appended);
  southbound.reports.applied(targets, asked.timeoutS * 1000).then((behind) => {
    reply.header('x-netledger-waited-for', [...targets.keys()].sort().join(', '));
    if (behind.length > 0) reply.code(202).header('x-netledger-not-applied', behind.sort().join(', '));
    done(null);
  }, done);
}

export const waitForHostsPlugin = fp(
  async (app) => {
    app.decorateRequest('appended', null as unknown as FastifyRequest['appended']);
    app.addHook('onRequest', startRecording);
    app.addHook('onSend', waitForHosts);
  },
  { name: 'netledger-wait-for-hosts' },
);
