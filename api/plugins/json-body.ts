import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A 400 the error handler answers in Neutron's body. */
const badRequest = (message: string): Error & { statusCode: number } => Object.assign(new Error(message), { statusCode: 400 });

/**
 * JSON bodies as fastify parses them (prototype-poisoning keys refused), except that bytes which
 * are not UTF-8 are refused with 400 instead of being stored as U+FFFD.
 */
async function parseStrictJson(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      return done(badRequest('Body is not valid UTF-8.'), undefined);
    }
    parseJson(request, text, (error, parsed) => {
      if (error) return done(badRequest(/__proto__|constructor/.test(text) ? 'Body is not valid JSON or holds a forbidden __proto__ or constructor.prototype key.' : error.message), undefined);
      done(null, parsed);
    });
  });
}

export const strictJsonBodies = fp(parseStrictJson, { name: 'netledger-strict-json-bodies' });
