import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { attributes, topology } from '../../projections/index.js';
import type { Caller } from '../context.js';
import { sendCommandError } from '../errors.js';
import { revisionGuard } from '../if-match.js';
import { owningProject } from '../ownership.js';
import { changeableItem } from '../resource-access.js';
import { createEach, type Body, type ResourceDescription } from '../resource-description.js';
import { resourceRoutes } from '../resource-routes.js';
import { run } from '../respond.js';
import * as s from '../schema-parts.js';

const addresses = { type: 'array', maxItems: 1000, items: s.address } as const;
const writable = { name: s.name, description: s.description } as const;

const createAddressGroupSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { ...writable, ...s.ownership, addresses },
} as const;

const updateAddressGroupSchema = { type: 'object', additionalProperties: false, properties: writable } as const;

const createAddressGroups = (bodies: Body[], caller: Caller) =>
  createEach(bodies, (body, id) => {
    const project = owningProject(body, caller);
    if (E.isLeft(project)) return project;
    return E.right({
      type: 'CreateAddressGroup' as const,
      group: { id, project_id: project.right, name: body.name ?? '', description: body.description ?? '', addresses: body.addresses ?? [] },
    });
  });

const updateAddressGroup = (id: string, changes: Body, _caller: Caller, ifRevision: number | undefined) =>
  E.right({ type: 'UpdateAddressGroup' as const, id, changes, ...revisionGuard(ifRevision) });

const deleteAddressGroup = (id: string, _caller: Caller, ifRevision: number | undefined) => ({ type: 'DeleteAddressGroup' as const, id, ...revisionGuard(ifRevision) });

const addressGroups: ResourceDescription = {
  collection: 'address_groups',
  singular: 'address_group',
  notFoundType: 'AddressGroupNotFound',
  notFoundMessage: (id) => `Address group ${id} could not be found.`,
  createSchema: createAddressGroupSchema,
  updateSchema: updateAddressGroupSchema,
  itemSchema: s.anyObject,
  attributes: attributes.address_groups,
  get: topology.address_groups.get,
  selfContainedKind: 'address_group',
  list: topology.address_groups.list,
  hookAnswersHidden: true,
  create: createAddressGroups,
  update: updateAddressGroup,
  remove: deleteAddressGroup,
};

type AddressesRequest = FastifyRequest<{ Params: { id: string }; Body: { addresses: string[] } }>;

const addressesSchema = s.routeSchema('address_groups', {
  params: s.idParams,
  body: { type: 'object', additionalProperties: false, required: ['addresses'], properties: { addresses } },
  success: { 200: s.anyObject },
  errors: [...s.ALWAYS, 403, 404, ...s.WITH_BODY, ...s.CHANGING],
});

const changeAddresses = async (app: FastifyInstance, request: AddressesRequest, reply: FastifyReply, type: 'AddAddressGroupAddresses' | 'RemoveAddressGroupAddresses') => {
  const { id } = request.params;
  if (!changeableItem(app, addressGroups, request, reply, id)) return reply;
  const result = await run(app.engine, request, { type, id, addresses: request.body.addresses });
  return E.isLeft(result) ? sendCommandError(reply, result.left) : reply.send({ address_group: topology.address_groups.get(app.engine.world, id) });
};

/** PUT /v2.0/address-groups/{id}/add_addresses: blocks joined to the group (each once; one already in it is refused). */
async function addAddresses(this: FastifyInstance, request: AddressesRequest, reply: FastifyReply) {
  return changeAddresses(this, request, reply, 'AddAddressGroupAddresses');
}

/** PUT /v2.0/address-groups/{id}/remove_addresses: blocks taken out of the group (one not in it is refused). */
async function removeAddresses(this: FastifyInstance, request: AddressesRequest, reply: FastifyReply) {
  return changeAddresses(this, request, reply, 'RemoveAddressGroupAddresses');
}

export const addressGroupRoutes = async (app: FastifyInstance): Promise<void> => {
  resourceRoutes(app, addressGroups);
  app.put('/v2.0/address-groups/:id/add_addresses', { schema: addressesSchema }, addAddresses);
  app.put('/v2.0/address-groups/:id/remove_addresses', { schema: addressesSchema }, removeAddresses);
};
