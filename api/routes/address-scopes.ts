import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { FastifyInstance } from 'fastify';
import { attributes, topology } from '../../projections/index.js';
import type { Caller } from '../context.js';
import { revisionGuard } from '../if-match.js';
import { owningProject } from '../ownership.js';
import { createEach, type Body, type ResourceDescription } from '../resource-description.js';
import { resourceRoutes } from '../resource-routes.js';
import * as s from '../schema-parts.js';

const writable = { name: s.name, shared: s.bool } as const;

const createAddressScopeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ip_version'],
  properties: { ...writable, ...s.ownership, ip_version: { enum: [4, 6] } },
} as const;

const updateAddressScopeSchema = { type: 'object', additionalProperties: false, properties: writable } as const;

// Who may share a scope is Neutron's policy (create_address_scope:shared...), checked before the route.
const createAddressScopes = (bodies: Body[], caller: Caller) =>
  createEach(bodies, (body, id) =>
    pipe(
      owningProject(body, caller),
      E.map((project) => ({
        type: 'CreateAddressScope' as const,
        scope: { id, project_id: project, name: body.name ?? '', shared: body.shared ?? false, ip_version: body.ip_version },
      })),
    ),
  );

const updateAddressScope = (id: string, changes: Body, _caller: Caller, ifRevision: number | undefined) =>
  E.right({ type: 'UpdateAddressScope' as const, id, changes, ...revisionGuard(ifRevision) });

const deleteAddressScope = (id: string, _caller: Caller, ifRevision: number | undefined) => ({ type: 'DeleteAddressScope' as const, id, ...revisionGuard(ifRevision) });

const addressScopes: ResourceDescription = {
  collection: 'address_scopes',
  singular: 'address_scope',
  notFoundType: 'AddressScopeNotFound',
  notFoundMessage: (id) => `Address scope ${id} could not be found.`,
  createSchema: createAddressScopeSchema,
  updateSchema: updateAddressScopeSchema,
  itemSchema: s.anyObject,
  attributes: attributes.address_scopes,
  get: topology.address_scopes.get,
  selfContainedKind: 'address_scope',
  list: topology.address_scopes.list,
  create: createAddressScopes,
  update: updateAddressScope,
  remove: deleteAddressScope,
};

export const addressScopeRoutes = async (app: FastifyInstance): Promise<void> => resourceRoutes(app, addressScopes);
