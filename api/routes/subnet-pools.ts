import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { FastifyInstance } from 'fastify';
import type { World } from '../../domain/index.js';
import { attributes, topology } from '../../projections/index.js';
import type { Caller } from '../context.js';
import { revisionGuard } from '../if-match.js';
import { ownedOrShared, owningProject } from '../ownership.js';
import type { Refusal } from '../read-modify-write.js';
import { createEach, type Body, type ResourceDescription } from '../resource-description.js';
import { resourceRoutes } from '../resource-routes.js';
import * as s from '../schema-parts.js';

/** Neutron takes prefix lengths as numbers or as the strings it answers them in. */
const prefixLength = { anyOf: [{ type: 'integer', minimum: 0, maximum: 128 }, { type: 'string', pattern: '^[0-9]{1,3}$' }] } as const;

const writable = {
  name: s.name,
  description: s.description,
  prefixes: { type: 'array', maxItems: 100, items: s.address },
  default_prefixlen: prefixLength,
  min_prefixlen: prefixLength,
  max_prefixlen: prefixLength,
  default_quota: { type: ['integer', 'null'], minimum: 0 },
  address_scope_id: { anyOf: [s.uuid, { type: 'null' }] },
  is_default: s.bool,
  tags: s.tags,
} as const;

const createSubnetPoolSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['prefixes'],
  properties: { ...writable, ...s.ownership, shared: s.bool },
} as const;

const updateSubnetPoolSchema = { type: 'object', additionalProperties: false, properties: writable } as const;

const LENGTHS = ['default_prefixlen', 'min_prefixlen', 'max_prefixlen'] as const;

/** Prefix lengths as numbers, and only the fields the body set. */
const poolFields = (body: Body): Body =>
  Object.fromEntries(
    Object.entries(body)
      .filter(([key]) => key !== 'project_id' && key !== 'tenant_id')
      .map(([key, value]) => [key, (LENGTHS as readonly string[]).includes(key) ? Number(value) : value]),
  );

/** A pool may join a scope its project owns, or a shared one (Neutron's rule), and nothing the caller cannot see. */
const scopeVisible = (world: World, body: Body, caller: Caller): E.Either<Refusal, void> => {
  const id = body.address_scope_id;
  if (typeof id !== 'string') return E.right(undefined);
  const scope = world.addressScopes.get(id);
  return !scope || ownedOrShared(scope, caller) ? E.right(undefined) : E.left({ status: 404, type: 'AddressScopeNotFound', message: `Address scope ${id} could not be found.` });
};

const createSubnetPools = (bodies: Body[], caller: Caller, world: World) =>
  createEach(bodies, (body, id) =>
    pipe(
      scopeVisible(world, body, caller),
      E.chain(() => owningProject(body, caller)),
      E.map((project) => ({
        type: 'CreateSubnetPool' as const,
        pool: {
          name: '',
          description: '',
          is_default: false,
          shared: false,
          tags: [],
          ...poolFields(body),
          id,
          project_id: project,
          prefixes: body.prefixes,
        },
      })),
    ),
  );

const updateSubnetPool = (id: string, changes: Body, caller: Caller, ifRevision: number | undefined, world: World) =>
  pipe(
    scopeVisible(world, changes, caller),
    E.map(() => ({ type: 'UpdateSubnetPool' as const, id, changes: poolFields(changes), ...revisionGuard(ifRevision) })),
  );

const deleteSubnetPool = (id: string, _caller: Caller, ifRevision: number | undefined) => ({ type: 'DeleteSubnetPool' as const, id, ...revisionGuard(ifRevision) });

const subnetPools: ResourceDescription = {
  collection: 'subnetpools',
  singular: 'subnetpool',
  notFoundType: 'SubnetPoolNotFound',
  notFoundMessage: (id) => `Subnet pool ${id} could not be found.`,
  createSchema: createSubnetPoolSchema,
  updateSchema: updateSubnetPoolSchema,
  itemSchema: s.anyObject,
  attributes: attributes.subnetpools,
  get: topology.subnetpools.get,
  selfContainedKind: 'subnetpool',
  list: topology.subnetpools.list,
  create: createSubnetPools,
  update: updateSubnetPool,
  remove: deleteSubnetPool,
};

export const subnetPoolRoutes = async (app: FastifyInstance): Promise<void> => resourceRoutes(app, subnetPools);
