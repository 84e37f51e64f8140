import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance } from 'fastify';
import type { World } from '../../domain/index.js';
import { attributes, topology } from '../../projections/index.js';
import { macEntropy, newId, type Caller } from '../context.js';
import { revisionGuard } from '../if-match.js';
import { mayUse, owningProject, owns } from '../ownership.js';
import type { Refusal } from '../read-modify-write.js';
import { createEach, type Body, type ResourceDescription } from '../resource-description.js';
import { resourceRoutes } from '../resource-routes.js';
import * as s from '../schema-parts.js';

const createFloatingIpSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['floating_network_id'],
  properties: {
    ...s.ownership,
    floating_network_id: s.uuid,
    floating_ip_address: s.address,
    subnet_id: s.uuid,
    port_id: { anyOf: [s.uuid, { type: 'null' }] },
    fixed_ip_address: { anyOf: [s.address, { type: 'null' }] },
    description: s.description,
    tags: s.tags,
  },
} as const;

const updateFloatingIpSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    port_id: { anyOf: [s.uuid, { type: 'null' }] },
    fixed_ip_address: { anyOf: [s.address, { type: 'null' }] },
    description: s.description,
    tags: s.tags,
  },
} as const;

/** A port named in a floating IP's mapping must be the caller's to use; else it does not exist for it. */
const unseenPort = (world: World, portId: unknown, caller: Caller): Refusal | undefined => {
  if (typeof portId !== 'string') return undefined;
  const port = topology.ports.get(world, portId);
  return port && owns(port, caller) ? undefined : { status: 404, type: 'PortNotFound', message: `Port ${portId} could not be found.` };
};

const createFloatingIps = (bodies: Body[], caller: Caller, world: World) =>
  createEach(bodies, (body, id) => {
    const project = owningProject(body, caller);
    if (E.isLeft(project)) return project;
    if (!mayUse(world, body.floating_network_id, caller))
      return E.left({ status: 404, type: 'NetworkNotFound', message: `Network ${body.floating_network_id} could not be found.` });
    const unseen = unseenPort(world, body.port_id, caller);
    if (unseen) return E.left(unseen);
    return E.right({
      type: 'CreateFloatingIp' as const,
      floating_ip: {
        id,
        project_id: project.right,
        floating_network_id: body.floating_network_id,
        description: body.description ?? '',
        tags: body.tags ?? [],
        ...(body.floating_ip_address !== undefined ? { floating_ip_address: body.floating_ip_address } : {}),
        ...(body.subnet_id !== undefined ? { subnet_id: body.subnet_id } : {}),
        ...(typeof body.port_id === 'string' ? { port_id: body.port_id } : {}),
        ...(typeof body.fixed_ip_address === 'string' ? { fixed_ip_address: body.fixed_ip_address } : {}),
      },
      floating_port_id: newId(),
      mac_entropy: macEntropy(),
    });
  });

const updateFloatingIp = (id: string, body: Body, caller: Caller, ifRevision: number | undefined, world: World) => {
  const unseen = unseenPort(world, body.port_id, caller);
  return unseen ? E.left(unseen) : E.right({ type: 'UpdateFloatingIp' as const, id, changes: body, ...revisionGuard(ifRevision) });
};

const deleteFloatingIp = (id: string, _caller: Caller, ifRevision: number | undefined) => ({ type: 'DeleteFloatingIp' as const, id, ...revisionGuard(ifRevision) });

const floatingIps: ResourceDescription = {
  collection: 'floatingips',
  singular: 'floatingip',
  notFoundType: 'FloatingIPNotFound',
  notFoundMessage: (id) => `Floating IP ${id} could not be found`,
  createSchema: createFloatingIpSchema,
  updateSchema: updateFloatingIpSchema,
  itemSchema: s.anyObject,
  attributes: attributes.floatingips,
  get: topology.floatingips.get,
  list: topology.floatingips.list,
  create: createFloatingIps,
  update: updateFloatingIp,
  remove: deleteFloatingIp,
};

/**
 * Neutron's floating IPs (part of its router extension): an address of an external network mapped
 * onto a port behind a router; the port's host NATs it (see the goal state's floating_ip entries).
 */
export const floatingIpRoutes = async (app: FastifyInstance): Promise<void> => resourceRoutes(app, floatingIps);
