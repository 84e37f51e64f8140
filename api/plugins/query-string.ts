import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { neutronError } from '../errors.js';

/** Marks a query string that is not valid percent-encoded UTF-8; the hook below refuses it. */
const MALFORMED = Symbol('malformed query string');

type Query = Record<string, string | string[]> & { [MALFORMED]?: string };

const decode = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
};

/**
 * Parses `a=1&a=2&b` as fastify's default parser does (repeated keys give an array, a bare key
 * an empty value), but into an object without a prototype, and it never guesses: a malformed
 * escape or invalid UTF-8 (`%ff%fe`) is marked, not replaced with U+FFFD and matched as text.
 * It must not throw: it runs inside the router, where an exception would not reach the error handler.
 */
export const parseQueryString = (text: string): Query => {
  const query: Query = Object.create(null);
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const key = decode(at < 0 ? pair : pair.slice(0, at));
    const value = decode(at < 0 ? '' : pair.slice(at + 1));
    if (key === undefined || value === undefined) {
      query[MALFORMED] = pair;
      continue;
    }
    const before = query[key];
    if (before === undefined) query[key] = value;
    else if (Array.isArray(before)) before.push(value);
    else query[key] = [before, value];
  }
  return query;
};

/** Answers 400 with Neutron's body to a request whose query string `parseQueryString` marked. */
function refuseMalformedQuery(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  const malformed = (request.query as Query)[MALFORMED];
  if (malformed === undefined) return done();
  reply.code(400).send(neutronError('HTTPBadRequest', `The query string is not valid percent-encoded UTF-8 near '${malformed.slice(0, 64)}'.`));
}

export const refuseMalformedQueries = fp(
  async (app) => {
    app.addHook('onRequest', refuseMalformedQuery);
  },
  { name: 'netledger-refuse-malformed-queries' },
);
