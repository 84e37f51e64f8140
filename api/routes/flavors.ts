import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { attributes, topology } from '../../projections/index.js';
import type { OneCommand } from '../../domain/index.js';
import { sendCommandError } from '../errors.js';
import { createEach, type Body, type ResourceDescription } from '../resource-description.js';
import { resourceRoutes } from '../resource-routes.js';
import { run } from '../respond.js';
import * as s from '../schema-parts.js';

// Who reads, makes or changes flavors and service profiles is Neutron's policy (get_flavor, create_flavor...).

/** One command per body under a fresh id. */
const creates = (command: (body: Body, id: string) => OneCommand) => (bodies: Body[]) => createEach(bodies, (body, id) => E.right(command(body, id)));

const flavorWritable = { name: s.name, description: s.description, enabled: s.bool } as const;

const createFlavors = creates((body, id) => ({
  type: 'CreateFlavor',
  flavor: { id, name: body.name ?? '', description: body.description ?? '', service_type: body.service_type, enabled: body.enabled ?? true },
}));

const flavors: ResourceDescription = {
  collection: 'flavors',
  singular: 'flavor',
  notFoundType: 'FlavorNotFound',
  notFoundMessage: (id) => `Flavor ${id} could not be found.`,
  createSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['service_type'],
    properties: { ...flavorWritable, ...s.ownership, service_type: { type: 'string', minLength: 1, maxLength: 36 } },
  },
  updateSchema: { type: 'object', additionalProperties: false, properties: flavorWritable },
  itemSchema: s.anyObject,
  attributes: attributes.flavors,
  get: topology.flavors.get,
  list: topology.flavors.list,
  hookAnswersHidden: true,
  create: createFlavors,
  update: (id, changes) => E.right({ type: 'UpdateFlavor' as const, id, changes }),
  remove: (id) => ({ type: 'DeleteFlavor' as const, id }),
};

const profileWritable = { description: s.description, driver: { type: 'string', maxLength: 1024 }, enabled: s.bool, metainfo: { type: 'string', maxLength: 4096 } } as const;

const createServiceProfiles = creates((body, id) => ({
  type: 'CreateServiceProfile',
  profile: { id, description: body.description ?? '', driver: body.driver ?? '', enabled: body.enabled ?? true, metainfo: body.metainfo ?? '' },
}));

const serviceProfiles: ResourceDescription = {
  collection: 'service_profiles',
  path: 'service_profiles',
  singular: 'service_profile',
  notFoundType: 'ServiceProfileNotFound',
  notFoundMessage: (id) => `Service Profile ${id} could not be found.`,
  createSchema: { type: 'object', additionalProperties: false, properties: { ...profileWritable, ...s.ownership } },
  updateSchema: { type: 'object', additionalProperties: false, properties: profileWritable },
  itemSchema: s.anyObject,
  attributes: attributes.service_profiles,
  get: topology.service_profiles.get,
  list: topology.service_profiles.list,
  hookAnswersHidden: true,
  create: createServiceProfiles,
  update: (id, changes) => E.right({ type: 'UpdateServiceProfile' as const, id, changes }),
  remove: (id) => ({ type: 'DeleteServiceProfile' as const, id }),
};

type AssociateRequest = FastifyRequest<{ Params: { id: string }; Body: { service_profile: { id: string } } }>;
type DisassociateRequest = FastifyRequest<{ Params: { id: string; profile_id: string } }>;

const associateSchema = s.routeSchema('flavors', {
  params: s.idParams,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['service_profile'],
    properties: { service_profile: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: s.id } } },
  },
  success: { 201: s.anyObject },
  errors: [...s.ALWAYS, 403, 404, ...s.WITH_BODY, ...s.CHANGING],
});

/** POST /v2.0/flavors/{id}/service_profiles: the flavor is offered through one more profile. */
async function associateServiceProfile(this: FastifyInstance, request: AssociateRequest, reply: FastifyReply) {
  const profileId = request.body.service_profile.id;
  const result = await run(this.engine, request, { type: 'AssociateFlavorProfile', flavor_id: request.params.id, profile_id: profileId });
  return E.isLeft(result) ? sendCommandError(reply, result.left) : reply.code(201).send({ service_profile: { id: profileId } });
}

const disassociateSchema = s.routeSchema('flavors', {
  params: { type: 'object', properties: { id: s.id, profile_id: s.id }, required: ['id', 'profile_id'] },
  success: { 204: s.noContent },
  errors: [...s.ALWAYS, 403, 404, ...s.CHANGING],
});

/** DELETE /v2.0/flavors/{id}/service_profiles/{profile_id} */
async function disassociateServiceProfile(this: FastifyInstance, request: DisassociateRequest, reply: FastifyReply) {
  const result = await run(this.engine, request, { type: 'DisassociateFlavorProfile', flavor_id: request.params.id, profile_id: request.params.profile_id });
  return E.isLeft(result) ? sendCommandError(reply, result.left) : reply.code(204).send();
}

/** Neutron's flavors extension: flavors, service profiles and their associations. */
export const flavorRoutes = async (app: FastifyInstance): Promise<void> => {
  await resourceRoutes(app, flavors);
  await resourceRoutes(app, serviceProfiles);
  app.post('/v2.0/flavors/:id/service_profiles', { schema: associateSchema }, associateServiceProfile);
  app.delete('/v2.0/flavors/:id/service_profiles/:profile_id', { schema: disassociateSchema }, disassociateServiceProfile);
};
