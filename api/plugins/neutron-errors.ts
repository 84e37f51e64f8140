import type { IncomingMessage } from 'node:http';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Socket } from 'node:net';
import fp from 'fastify-plugin';
import { WorldRebuildsBusy } from '../../history/rebuild-queue.js';
import { neutronError } from '../errors.js';
import { knownRoutes } from '../route-methods.js';
import { schemaFailure } from '../schema-errors.js';

/**
 * Every failure leaves in Neutron's error body: schema violations name the field, oversized or
 * malformed bodies are 4xx, a known path asked with a method it does not take is 405, and anything
 * unexpected is logged and answered without details. Call before the routes are added.
 */
/** The most of a refused big body read (and thrown away) so that its client gets to read the 413. */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 10_000;

/**
 * Reads the rest of a request body without keeping it. Answering before the client has sent it
 * all and closing breaks the connection under the client's writes (EPIPE): it never reads the
 * answer. Past DRAIN_BYTES or DRAIN_MS the connection is closed anyway.
 */
const drained = (raw: IncomingMessage): Promise<void> =>
  new Promise((resolve) => {
    if (raw.readableEnded || raw.destroyed) return resolve();
    let read = 0;
    const done = () => {
      clearTimeout(timer);
      raw.off('data', count);
      resolve();
    };
    const count = (chunk: Buffer) => {
      read += chunk.length;
      if (read > DRAIN_BYTES) done();
    };
    const timer = setTimeout(done, DRAIN_MS);
    raw.on('data', count);
    raw.once('end', done);
    raw.once('close', done);
    raw.resume();
  });

async function answerInNeutronErrors(app: FastifyInstance) {
  const { methodsOf, resourceAt } = knownRoutes(app);
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error.validation) return reply.code(400).send(schemaFailure(error.validation[0], error.validationContext, request.routeOptions.config.resource?.singular));
    if (error instanceof WorldRebuildsBusy)
      return reply.code(503).header('retry-after', String(error.retryAfterSeconds)).send(neutronError('ServiceUnavailable', error.message));
    const status = error.statusCode ?? 500;
    if (status === 413) await drained(request.raw);
    if (status >= 400 && status < 500) {
      const type = status === 413 ? 'HTTPRequestEntityTooLarge' : status === 415 ? 'HTTPUnsupportedMediaType' : 'HTTPBadRequest';
      return reply.code(status).send(neutronError(type, error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(neutronError('HTTPInternalServerError', 'Request Failed: internal server error while processing your request.'));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    // Neutron routes a PUT or DELETE on a collection to the member named None: that one is not found.
    const member = resourceAt(request.method, `${path}/None`);
    if (member && (request.method === 'PUT' || request.method === 'DELETE'))
      return reply.code(404).send(neutronError(member.notFoundType, member.notFoundMessage('None')));
    const allowed = methodsOf(path);
    if (allowed.length === 0) return reply.code(404).send(neutronError('HTTPNotFound', `The resource could not be found: ${request.method} ${path}`));
    return reply
      .code(405)
      .header('allow', allowed.join(', '))
      .send(neutronError('HTTPMethodNotAllowed', `The method ${request.method} is not allowed for this resource: ${path}`));
  });
}

export const neutronErrors = fp(answerInNeutronErrors, { name: 'netledger-neutron-errors' });

/**
 * For fastify's `frameworkErrors`: a path with a broken escape or an over-long id never reaches
 * a route. It is a bad request like any other (400, which every route declares, rather than
 * fastify's 414), answered in Neutron's body.
 */
export const neutronFrameworkErrors = (error: FastifyError, _request: unknown, reply: FastifyReply): void => {
  void reply.code(400).send(neutronError('HTTPBadRequest', error.message));
};

/** The first line of what a client sent: longer than this, it is the request line that did not fit. */
const REQUEST_LINE_LIMIT = 8192;

/**
 * For fastify's `clientErrorHandler`: a request whose line or headers overflow the server's limit
 * never becomes a request. Neutron answers a request line that long with 414; headers that long
 * are 431. Either way the answer is Neutron's body, not fastify's; anything else malformed is 400.
 */
export const answerOversizedRequests = (error: ConnectionError, socket: Socket): void => {
  if (!socket.writable) return void socket.destroy();
  const raw: unknown = error.rawPacket;
  const firstLine = Buffer.isBuffer(raw) ? raw.subarray(0, REQUEST_LINE_LIMIT + 2).indexOf('\r\n') : -1;
  const [status, reason, type, message] =
    error.code !== 'HPE_HEADER_OVERFLOW'
      ? [400, 'Bad Request', 'HTTPBadRequest', 'The request could not be read.']
      : firstLine < 0 || firstLine > REQUEST_LINE_LIMIT
        ? [414, 'Request-URI Too Long', 'HTTPRequestURITooLong', 'The request line (its path and query string) is too long.']
        : [431, 'Request Header Fields Too Large', 'HTTPRequestHeaderFieldsTooLarge', 'The request headers are too large.'];
  const body = JSON.stringify(neutronError(type, message));
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
};
