import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../errors.js';
import { listOf } from '../list-query.js';
import * as s from '../schema-parts.js';

/** The one L3 provider: routing and floating-IP NAT on the hosts of the ports, SNAT on a gateway host. */
const PROVIDERS = [{ service_type: 'L3_ROUTER_NAT', name: 'distributed', default: true }];

const ATTRIBUTES = new Set(['service_type', 'name', 'default']);

const serviceProvidersSchema = s.routeSchema('service-providers', { success: { 200: s.anyObject }, errors: s.ALWAYS });

/** GET /v2.0/service-providers (Neutron's service-type extension). */
async function listServiceProviders(request: FastifyRequest, reply: FastifyReply) {
  const body = listOf(
    {
      collection: 'service_providers',
      url: request.url,
      baseUrl: `${request.protocol}://${request.host}`,
      query: request.query as Record<string, string | string[]>,
      missing: (name) => ({ status: 404, type: 'NotFound', message: `Service provider ${name} could not be found.` }),
    },
    PROVIDERS,
    ATTRIBUTES,
  );
  return E.isLeft(body) ? sendError(reply, body.left.status, body.left.type, body.left.message) : reply.send(body.right);
}

export const serviceProviderRoutes = async (app: FastifyInstance): Promise<void> => {
  app.get('/v2.0/service-providers', { schema: serviceProvidersSchema }, listServiceProviders);
};
