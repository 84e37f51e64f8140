import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance } from 'fastify';
import { attributes, topology } from '../../projections/index.js';
import type { Caller } from '../context.js';
import { revisionGuard } from '../if-match.js';
import { owningProject } from '../ownership.js';
import { newId } from '../context.js';
import { createTogether, type Body, type ResourceDescription } from '../resource-description.js';
import { resourceRoutes } from '../resource-routes.js';
import * as s from '../schema-parts.js';

const writable = {
  name: s.name,
  description: s.description,
  admin_state_up: s.bool,
  shared: s.bool,
  'router:external': s.bool,
  /** The bounds are the domain's (InvalidInput, as Neutron answers); this one keeps the number exact. */
  mtu: { type: 'integer', minimum: 0, maximum: 2147483647 },
  /** The default of the network's new ports. */
  port_security_enabled: s.bool,
  /** The cloud's default external network (Neutron's auto-allocated-topology). */
  is_default: s.bool,
  tags: s.tags,
} as const;

const createNetworkSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...writable,
    ...s.ownership,
    /** Our extension: the VPC's cidr, that its subnets must lie in. */
    cidr: { type: ['string', 'null'], maxLength: 64 },
    'provider:network_type': { enum: ['vxlan'] },
    'provider:segmentation_id': { type: 'integer', minimum: 1, maximum: 16777215 },
    'provider:physical_network': { type: 'null' },
    availability_zone_hints: { type: 'array', maxItems: 0 },
  },
} as const;

const updateNetworkSchema = { type: 'object', additionalProperties: false, properties: writable } as const;

const createNetworks = (bodies: Body[], caller: Caller) =>
  createTogether(bodies, (body, id) => {
    const project = owningProject(body, caller);
    if (E.isLeft(project)) return project;
    return E.right({
      network: {
        id,
        project_id: project.right,
        name: body.name ?? '',
        description: body.description ?? '',
        admin_state_up: body.admin_state_up ?? true,
        shared: body.shared ?? false,
        'router:external': body['router:external'] ?? false,
        cidr: body.cidr ?? null,
        tags: body.tags ?? [],
        port_security_enabled: body.port_security_enabled ?? true,
        is_default: body.is_default ?? false,
        ...(body.mtu !== undefined ? { mtu: body.mtu } : {}),
        ...(body['provider:segmentation_id'] !== undefined ? { segmentation_id: body['provider:segmentation_id'] } : {}),
      },
      wildcard_policy_ids: { access_as_shared: newId(), access_as_external: newId() },
    });
  }, (networks) => ({ type: 'CreateNetworks', networks }));

const updateNetwork = (id: string, body: Body, _caller: Caller, ifRevision: number | undefined) =>
  E.right({
    type: 'UpdateNetwork' as const,
    id,
    changes: body,
    wildcard_policy_ids: { access_as_shared: newId(), access_as_external: newId() },
    ...revisionGuard(ifRevision),
  });

const deleteNetwork = (id: string, _caller: Caller, ifRevision: number | undefined) => ({ type: 'DeleteNetwork' as const, id, ...revisionGuard(ifRevision) });

const networks: ResourceDescription = {
  collection: 'networks',
  singular: 'network',
  notFoundType: 'NetworkNotFound',
  notFoundMessage: (id) => `Network ${id} could not be found.`,
  createSchema: createNetworkSchema,
  updateSchema: updateNetworkSchema,
  itemSchema: s.anyObject,
  attributes: attributes.networks,
  get: topology.networks.get,
  selfContainedKind: 'network',
  list: topology.networks.list,
  create: createNetworks,
  update: updateNetwork,
  remove: deleteNetwork,
};

export const networkRoutes = async (app: FastifyInstance): Promise<void> => resourceRoutes(app, networks);
