import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A 400 the error handler answers in Neutron's body. */
const badRequest = (message: string): Error & { statusCode: number } => Object.assign(new Error(message), { statusCode: 400 });

/**
 * Every body is read as JSON whatever its content type says, as Neutron reads it (clients send
 * text/plain, or no content type at all); an empty one is no body, so a DELETE or GET that
 * carries `Content-Type: application/json` and nothing else (OpenStack's Python REST clients
 * send it on every request) is an ordinary request. A DELETE with a body is refused, as Neutron
 * refuses it. JSON is parsed as fastify parses it (prototype-poisoning keys refused), except that
 * bytes which are not UTF-8 are refused with 400 instead of being stored as U+FFFD.
 */
async function parseBodiesAsJson(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const parse = (request: FastifyRequest, body: string | Buffer, done: (error: Error | null, parsed?: unknown) => void) => {
    const bytes = body as Buffer;
    if (bytes.length === 0) return done(null, undefined);
    if (request.method === 'DELETE') return done(badRequest('Request body is not supported in DELETE.'), undefined);
    let text: string;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      return done(badRequest('Body is not valid UTF-8.'), undefined);
    }
    parseJson(request, text, (error, parsed) => {
      if (error) return done(badRequest(/__proto__|constructor/.test(text) ? 'Body is not valid JSON or holds a forbidden __proto__ or constructor.prototype key.' : 'Body contains invalid data'), undefined);
      done(null, parsed);
    });
  };
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, parse);
}

export const strictJsonBodies = fp(parseBodiesAsJson, { name: 'netledger-strict-json-bodies' });
