import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance } from 'fastify';
import type { World } from '../../domain/index.js';
import { attributes, topology } from '../../projections/index.js';
import type { Caller } from '../context.js';
import { revisionGuard } from '../if-match.js';
import { owningProject, ownedOrShared } from '../ownership.js';
import { createTogether, type Body, type ResourceDescription } from '../resource-description.js';
import { resourceRoutes } from '../resource-routes.js';
import * as s from '../schema-parts.js';

const pools = {
  type: 'array',
  maxItems: 100,
  items: { type: 'object', properties: { start: s.address, end: s.address }, required: ['start', 'end'], additionalProperties: false },
} as const;

const writable = {
  name: s.name,
  description: s.description,
  gateway_ip: { type: ['string', 'null'], maxLength: 64 },
  allocation_pools: pools,
  dns_nameservers: { type: 'array', maxItems: 20, items: s.address },
  host_routes: s.hostRoutes,
  enable_dhcp: s.bool,
  tags: s.tags,
} as const;

const ipv6Mode = { enum: ['slaac', 'dhcpv6-stateful', 'dhcpv6-stateless', null] } as const;

const createSubnetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['network_id', 'ip_version'],
  properties: {
    ...writable,
    ...s.ownership,
    network_id: s.id,
    cidr: { type: 'string', minLength: 1, maxLength: 64 },
    ip_version: { enum: [4, 6] },
    ipv6_ra_mode: ipv6Mode,
    ipv6_address_mode: ipv6Mode,
    subnetpool_id: { type: ['string', 'null'], maxLength: 255 },
    prefixlen: { type: 'integer', minimum: 0, maximum: 128 },
    use_default_subnetpool: s.bool,
    segment_id: { type: 'null' },
    service_types: { type: 'array', maxItems: 0 },
  },
} as const;

const updateSubnetSchema = { type: 'object', additionalProperties: false, properties: writable } as const;

const createSubnets = (bodies: Body[], caller: Caller, world: World) =>
  createTogether(bodies, (body, id) => {
    const project = owningProject(body, caller);
    if (E.isLeft(project)) return project;
    const network = topology.networks.get(world, body.network_id);
    if (!network || !(caller.isAdmin || network.project_id === caller.projectId))
      return E.left({ status: 404, type: 'NetworkNotFound', message: `Network ${body.network_id} could not be found.` });
    const pool = typeof body.subnetpool_id === 'string' ? world.subnetPools.get(body.subnetpool_id) : undefined;
    if (pool && !ownedOrShared(pool, caller))
      return E.left({ status: 404, type: 'SubnetPoolNotFound', message: `Subnet pool ${body.subnetpool_id} could not be found.` });
    return E.right({
        id,
        network_id: body.network_id,
        project_id: project.right,
        name: body.name ?? '',
        description: body.description ?? '',
        ip_version: body.ip_version,
        ...(body.cidr !== undefined ? { cidr: body.cidr } : {}),
        ...(typeof body.subnetpool_id === 'string' ? { subnetpool_id: body.subnetpool_id } : {}),
        ...(body.prefixlen !== undefined ? { prefixlen: body.prefixlen } : {}),
        ...(body.use_default_subnetpool ? { use_default_subnetpool: true } : {}),
        dns_nameservers: body.dns_nameservers ?? [],
        host_routes: body.host_routes ?? [],
        enable_dhcp: body.enable_dhcp ?? true,
        ipv6_ra_mode: body.ipv6_ra_mode ?? null,
        ipv6_address_mode: body.ipv6_address_mode ?? null,
        tags: body.tags ?? [],
        ...('gateway_ip' in body ? { gateway_ip: body.gateway_ip } : {}),
        ...(body.allocation_pools !== undefined ? { allocation_pools: body.allocation_pools } : {}),
    });
  }, (subnets) => ({ type: 'CreateSubnets', subnets }));

const updateSubnet = (id: string, changes: Body, _caller: Caller, ifRevision: number | undefined) =>
  E.right({ type: 'UpdateSubnet' as const, id, changes, ...revisionGuard(ifRevision) });

const deleteSubnet = (id: string, _caller: Caller, ifRevision: number | undefined) => ({ type: 'DeleteSubnet' as const, id, ...revisionGuard(ifRevision) });

const subnets: ResourceDescription = {
  collection: 'subnets',
  singular: 'subnet',
  notFoundType: 'SubnetNotFound',
  notFoundMessage: (id) => `Subnet ${id} could not be found.`,
  createSchema: createSubnetSchema,
  updateSchema: updateSubnetSchema,
  itemSchema: s.anyObject,
  attributes: attributes.subnets,
  get: topology.subnets.get,
  selfContainedKind: 'subnet',
  list: topology.subnets.list,
  create: createSubnets,
  update: updateSubnet,
  remove: deleteSubnet,
};

export const subnetRoutes = async (app: FastifyInstance): Promise<void> => resourceRoutes(app, subnets);
