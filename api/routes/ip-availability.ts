import type { FastifyInstance } from 'fastify';
import type { World } from '../../domain/index.js';
import { networkIpAvailability } from '../../projections/index.js';
import type { ResourceDescription } from '../resource-description.js';
import { resourceRoutes } from '../resource-routes.js';
import * as s from '../schema-parts.js';

const ATTRIBUTES = new Set(['network_id', 'network_name', 'tenant_id', 'project_id', 'used_ips', 'total_ips', 'subnet_ip_availability']);

function* networkIpAvailabilities(world: World) {
  for (const id of world.networks.keys()) yield networkIpAvailability(world, id)!;
}

const networkIpAvailabilityResource: ResourceDescription = {
  collection: 'network_ip_availabilities',
  singular: 'network_ip_availability',
  notFoundType: 'NetworkNotFound',
  notFoundMessage: (id) => `Network ${id} could not be found.`,
  itemSchema: s.anyObject,
  attributes: ATTRIBUTES,
  get: networkIpAvailability,
  list: networkIpAvailabilities,
};

/** Neutron's network-ip-availability extension: used and total addresses per network and subnet, read only. */
export const ipAvailabilityRoutes = async (app: FastifyInstance): Promise<void> => resourceRoutes(app, networkIpAvailabilityResource);
