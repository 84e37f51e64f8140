import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OneCommand, World } from '../../domain/index.js';
import { attributes, topology } from '../../projections/index.js';
import type { CommandError, Engine } from '../../engine/index.js';
import { newId, type Caller } from '../context.js';
import { defaultGroupFor } from '../default-security-group.js';
import { revisionGuard } from '../if-match.js';
import { owningProject } from '../ownership.js';
import { freshIds, together, type Body, type ResourceDescription } from '../resource-description.js';
import { resourceRoutes } from '../resource-routes.js';
import { run } from '../respond.js';
import * as s from '../schema-parts.js';

const writable = { name: s.name, description: s.description, stateful: s.bool, tags: s.tags } as const;

const createSecurityGroupSchema = { type: 'object', additionalProperties: false, properties: { ...writable, ...s.ownership } } as const;

const updateSecurityGroupSchema = { type: 'object', additionalProperties: false, properties: writable } as const;

/** The project an admin's list names in its filter (one project_id or tenant_id), if any. */
const filteredProject = (request: FastifyRequest): string | undefined => {
  const query = request.query as Record<string, string | string[] | undefined>;
  const named = [query.project_id, query.tenant_id].flat().filter((id): id is string => typeof id === 'string' && id !== '');
  return request.caller.isAdmin && new Set(named).size === 1 ? named[0] : undefined;
};

/**
 * Neutron creates a project's default group before its first list of groups: the caller's, and
 * the one project an admin's list filters on (an admin listing another project's groups finds its default).
 */
const ensureDefaultGroups = async (engine: Engine, request: FastifyRequest): Promise<E.Either<CommandError, unknown>> => {
  // A read of the past never writes: the group made now would not be in that past anyway.
  if ((request.query as { as_of?: unknown }).as_of !== undefined) return E.right(undefined);
  for (const project of new Set([request.caller.projectId, filteredProject(request)])) {
    if (project === undefined) continue;
    const [command] = defaultGroupFor(engine.world, project);
    const created = command ? await run(engine, request, command) : E.right(undefined);
    if (E.isLeft(created)) return created;
  }
  return E.right(undefined);
};

/**
 * Each group with its two egress rules, after the default group of each project that has none
 * yet, as one bulk. The default groups take the first (smallest) of the fresh ids, so the groups
 * asked for are the last ones by id: what a retry under the same Idempotency-Key answers.
 */
const createSecurityGroups = (bodies: Body[], caller: Caller, world: World) => {
  const projects: string[] = [];
  for (const body of bodies) {
    const project = owningProject(body, caller);
    if (E.isLeft(project)) return project;
    projects.push(project.right);
  }
  const lacking = [...new Set(projects)].filter((project) => !world.defaultSecurityGroups.has(project));
  const fresh = freshIds(lacking.length + bodies.length);
  const ids = fresh.slice(lacking.length);
  const defaults = lacking.flatMap((project, i) => defaultGroupFor(world, project, fresh[i]));
  const groups = bodies.map((body, i): OneCommand => ({
    type: 'CreateSecurityGroup',
    group: {
      id: ids[i],
      project_id: projects[i],
      name: body.name ?? '',
      description: body.description ?? '',
      stateful: body.stateful ?? true,
      tags: body.tags ?? [],
    },
    rule_ids: [newId(), newId()],
  }));
  return E.right({ command: together([...defaults, ...groups]), ids });
};

const updateSecurityGroup = (id: string, changes: Body, _caller: Caller, ifRevision: number | undefined) =>
  E.right({ type: 'UpdateSecurityGroup' as const, id, changes, ...revisionGuard(ifRevision) });

const deleteSecurityGroup = (id: string, caller: Caller, ifRevision: number | undefined) => ({
  type: 'DeleteSecurityGroup' as const,
  id,
  by_admin: caller.isAdmin,
  ...revisionGuard(ifRevision),
});

const securityGroups: ResourceDescription = {
  collection: 'security_groups',
  selfContainedKind: 'security_group',
  singular: 'security_group',
  notFoundType: 'SecurityGroupNotFound',
  notFoundMessage: (id) => `Security group ${id} does not exist`,
  createSchema: createSecurityGroupSchema,
  updateSchema: updateSecurityGroupSchema,
  itemSchema: s.anyObject,
  attributes: attributes.security_groups,
  get: topology.security_groups.get,
  list: topology.security_groups.list,
  beforeList: ensureDefaultGroups,
  create: createSecurityGroups,
  update: updateSecurityGroup,
  remove: deleteSecurityGroup,
};

export const securityGroupRoutes = async (app: FastifyInstance): Promise<void> => resourceRoutes(app, securityGroups);
