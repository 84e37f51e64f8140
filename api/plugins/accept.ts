import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { sendError } from '../errors.js';

/** Media ranges that JSON satisfies. */
const JSON_RANGES = new Set(['application/json', 'application/*', '*/*']);

const acceptsJson = (accept: string): boolean =>
  accept.split(',').some((range) => {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    return JSON_RANGES.has(type) && !parameters.includes('q=0');
  });

/** Neutron answers only JSON: a v2.0 request that accepts none (Accept: application/xml) is 406. */
function refuseUnacceptable(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  const accept = request.headers.accept;
  if (accept === undefined || accept.trim() === '' || !request.url.startsWith('/v2.0') || acceptsJson(accept)) return done();
  sendError(reply, 406, 'HTTPNotAcceptable', 'The server could not comply with the request since it is either malformed or otherwise incorrect.');
}

export const onlyJsonAnswers = fp(
  async (app) => {
    app.addHook('onRequest', refuseUnacceptable);
  },
  { name: 'netledger-only-json-answers' },
);
