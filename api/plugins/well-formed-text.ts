import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { sendError } from '../errors.js';

/** An unpaired surrogate: in `u` mode a pair is one code point, so only a lone half matches. */
const LONE_SURROGATE = /\p{Cs}/u;

const flaw = (text: string): string | undefined =>
  text.includes('\u0000') ? 'it contains a NUL character' : LONE_SURROGATE.test(text) ? 'it contains an unpaired surrogate' : undefined;

/**
 * The first text in a body that could not be stored and given back faithfully: a NUL (cut short by
 * every C string on the way to a host's kernel and tools) or an unpaired surrogate (not Unicode:
 * no UTF-8 encoding exists for it), named by the attribute that holds it. Walked with a stack of
 * its own: a body may nest deeper than the call stack goes.
 */
export const unstorableText = (body: unknown): { attribute: string; reason: string } | undefined => {
  const pending: [unknown, string][] = [[body, 'body']];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, attribute] = next;
    if (typeof value === 'string') {
      const reason = flaw(value);
      if (reason) return { attribute, reason };
    } else if (Array.isArray(value)) for (const inner of value) pending.push([inner, attribute]);
    else if (typeof value === 'object' && value !== null)
      for (const [key, inner] of Object.entries(value)) {
        const reason = flaw(key);
        if (reason) return { attribute: 'body', reason };
        pending.push([inner, key]);
      }
  }
  return undefined;
};

function refuseUnstorableText(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  const found = unstorableText(request.body);
  if (!found) return done();
  sendError(reply, 400, 'HTTPBadRequest', `Invalid input for ${found.attribute}. Reason: ${found.reason}.`);
}

/**
 * Bodies whose text cannot be stored faithfully are refused before any route reads them. Neutron
 * stores a NUL and answers a lone surrogate with a 500; netledger answers both with a 400.
 */
export const wellFormedText = fp(
  async (app) => {
    app.addHook('preValidation', refuseUnstorableText);
  },
  { name: 'netledger-well-formed-text' },
);
