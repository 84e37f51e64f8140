import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { availabilityZones } from '../../projections/index.js';
import { sendError } from '../errors.js';
import { listOf } from '../list-query.js';
import * as s from '../schema-parts.js';

const ATTRIBUTES = new Set(['name', 'resource', 'state']);

const availabilityZonesSchema = s.routeSchema('availability_zones', { success: { 200: s.anyObject }, errors: s.ALWAYS });

/** GET /v2.0/availability_zones: the hosts' zones, filtered as any list. */
async function listAvailabilityZones(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  const body = listOf(
    {
      collection: 'availability_zones',
      url: request.url,
      baseUrl: `${request.protocol}://${request.host}`,
      query: request.query as Record<string, string | string[]>,
      missing: (name) => ({ status: 404, type: 'AvailabilityZoneNotFound', message: `AvailabilityZone ${name} could not be found.` }),
    },
    availabilityZones(this.engine.world),
    ATTRIBUTES,
  );
  return E.isLeft(body) ? sendError(reply, body.left.status, body.left.type, body.left.message) : reply.send(body.right);
}

export const availabilityZoneRoutes = async (app: FastifyInstance): Promise<void> => {
  app.get('/v2.0/availability_zones', { schema: availabilityZonesSchema }, listAvailabilityZones);
};
