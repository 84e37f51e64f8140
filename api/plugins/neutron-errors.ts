import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { neutronError } from '../errors.js';
import { routeMethods } from '../route-methods.js';

/**
 * Every failure leaves in Neutron's error body: schema violations name the field, oversized or
 * malformed bodies are 4xx, a known path asked with a method it does not take is 405, and anything
 * unexpected is logged and answered without details. Call before the routes are added.
 */
async function answerInNeutronErrors(app: FastifyInstance) {
  const methodsOf = routeMethods(app);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const first = error.validation[0];
      const where = first?.instancePath ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : (error.validationContext ?? 'body');
      const extra = first?.keyword === 'additionalProperties' ? ` Unrecognized attribute(s) '${String(first.params.additionalProperty)}'` : '';
      return reply.code(400).send(neutronError('HTTPBadRequest', `Invalid input for ${where}. Reason: ${first?.message ?? 'invalid'}.${extra}`));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const type = status === 413 ? 'HTTPRequestEntityTooLarge' : status === 415 ? 'HTTPUnsupportedMediaType' : 'HTTPBadRequest';
      return reply.code(status).send(neutronError(type, error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(neutronError('HTTPInternalServerError', 'Request Failed: internal server error while processing your request.'));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
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
