import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance } from 'fastify';
import { RBAC_ACTIONS, type World } from '../../domain/index.js';
import { attributes, topology } from '../../projections/index.js';
import type { Caller } from '../context.js';
import { revisionGuard } from '../if-match.js';
import { owns, owningProject } from '../ownership.js';
import type { Refusal } from '../read-modify-write.js';
import { createEach, type Body, type ResourceDescription } from '../resource-description.js';
import { resourceRoutes } from '../resource-routes.js';
import * as s from '../schema-parts.js';

const createRbacPolicySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['object_type', 'object_id', 'action', 'target_tenant'],
  properties: { ...s.ownership, object_type: s.name, object_id: s.id, action: s.name, target_tenant: s.projectId },
} as const;

const updateRbacPolicySchema = { type: 'object', additionalProperties: false, properties: { target_tenant: s.projectId } } as const;

const invalid = (message: string): E.Either<Refusal, never> => E.left({ status: 400, type: 'InvalidInput', message: `Invalid input for operation: ${message}` });

/** Networks are the one kind of object policies share here; only the network's owner (or an admin) shares it. */
const createRbacPolicies = (bodies: Body[], caller: Caller, world: World) =>
  createEach(bodies, (body, id) => {
    // Another project is refused first, as Neutron checks the body's project before its attributes.
    const project = owningProject(body, caller);
    if (E.isLeft(project)) return project;
    if (body.object_type !== 'network') return invalid(`'${body.object_type}' is not a valid RBAC object type.`);
    if (!(RBAC_ACTIONS as readonly string[]).includes(body.action))
      return E.left({
        status: 400,
        type: 'InvalidActionForType',
        message: `Invalid action '${body.action}' for object type 'network'. Valid actions: (${RBAC_ACTIONS.map((a) => `'${a}'`).join(', ')})`,
      });
    const network = world.networks.get(body.object_id)?.network;
    if (!network || !owns(network, caller)) return invalid(`Network ${body.object_id} could not be found.`);
    return E.right({
      type: 'CreateRbacPolicy' as const,
      policy: { id, project_id: project.right, object_type: 'network' as const, object_id: network.id, action: body.action, target_tenant: body.target_tenant },
    });
  });

const updateRbacPolicy = (id: string, changes: Body, _caller: Caller, ifRevision: number | undefined) =>
  E.right({ type: 'UpdateRbacPolicy' as const, id, changes, ...revisionGuard(ifRevision) });

const deleteRbacPolicy = (id: string, _caller: Caller, ifRevision: number | undefined) => ({ type: 'DeleteRbacPolicy' as const, id, ...revisionGuard(ifRevision) });

const rbacPolicies: ResourceDescription = {
  collection: 'rbac_policies',
  singular: 'rbac_policy',
  notFoundType: 'RbacPolicyNotFound',
  // Neutron names no type when its query did not find the policy (another project's, or none).
  notFoundMessage: (id) => `RBAC policy of type unknown with ID ${id} not found`,
  createSchema: createRbacPolicySchema,
  updateSchema: updateRbacPolicySchema,
  itemSchema: s.anyObject,
  attributes: attributes.rbac_policies,
  get: topology.rbac_policies.get,
  selfContainedKind: 'rbac_policy',
  list: topology.rbac_policies.list,
  hookAnswersHidden: true,
  create: createRbacPolicies,
  update: updateRbacPolicy,
  remove: deleteRbacPolicy,
};

/** Neutron's rbac-policies: a network shared with one project, or with every project (`*`), as shared or as external. */
export const rbacPolicyRoutes = async (app: FastifyInstance): Promise<void> => resourceRoutes(app, rbacPolicies);
