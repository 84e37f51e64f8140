import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance } from 'fastify';
import { attributes, topology } from '../../projections/index.js';
import type { Engine } from '../../engine/index.js';
import { revisionGuard } from '../if-match.js';
import { owningProject, ownedOrShared } from '../ownership.js';
import { createEach, resourceRoutes } from '../resource-routes.js';
import * as s from '../schema-parts.js';

const writable = {
  name: s.name,
  description: s.description,
  admin_state_up: s.bool,
  shared: s.bool,
  'router:external': s.bool,
  mtu: { type: 'integer', minimum: 68, maximum: 9216 },
  port_security_enabled: { const: true },
  tags: s.tags,
} as const;

const createSchema = {
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

type Body = Record<string, any>;

export const networkRoutes = (app: FastifyInstance, engine: Engine): void =>
  resourceRoutes(app, engine, {
    collection: 'networks',
    singular: 'network',
    notFoundType: 'NetworkNotFound',
    notFoundMessage: (id) => `Network ${id} could not be found.`,
    createSchema,
    updateSchema: { type: 'object', additionalProperties: false, properties: writable },
    itemSchema: s.anyObject,
    attributes: attributes.networks,
    get: topology.networks.get,
    selfContainedKind: 'network',
    list: topology.networks.list,
    visible: ownedOrShared,
    create: async (bodies: Body[], caller) =>
      createEach(bodies, (body, id) => {
        const project = owningProject(body, caller);
        if (E.isLeft(project)) return project;
        return E.right({
          type: 'CreateNetwork' as const,
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
            ...(body.mtu !== undefined ? { mtu: body.mtu } : {}),
            ...(body['provider:segmentation_id'] !== undefined ? { segmentation_id: body['provider:segmentation_id'] } : {}),
          },
        });
      }),
    update: (id, body: Body, _caller, ifRevision) => {
      const { port_security_enabled: _always, ...changes } = body;
      return E.right({ type: 'UpdateNetwork', id, changes, ...revisionGuard(ifRevision) });
    },
    remove: (id, _caller, ifRevision) => ({ type: 'DeleteNetwork', id, ...revisionGuard(ifRevision) }),
  });
