import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Command } from '../../domain/index.js';
import { attributes, topology } from '../../projections/index.js';
import type { CommandError, Engine } from '../../engine/index.js';
import { newId } from '../context.js';
import { defaultGroupFor } from '../default-security-group.js';
import { revisionGuard } from '../if-match.js';
import { owningProject, ownedOrShared } from '../ownership.js';
import { resourceRoutes } from '../resource-routes.js';
import { run } from '../respond.js';
import * as s from '../schema-parts.js';

const writable = { name: s.name, description: s.description, stateful: s.bool, tags: s.tags } as const;

const createSchema = { type: 'object', additionalProperties: false, properties: { ...writable, ...s.ownership } } as const;

type Body = Record<string, any>;

const ensureDefault = async (engine: Engine, request: FastifyRequest): Promise<E.Either<CommandError, unknown>> => {
  const [command] = defaultGroupFor(engine.world, request.caller.projectId);
  return command ? run(engine, request, command) : E.right(undefined);
};

export const securityGroupRoutes = (app: FastifyInstance, engine: Engine): void =>
  resourceRoutes(app, engine, {
    collection: 'security_groups',
    selfContainedKind: 'security_group',
    singular: 'security_group',
    notFoundType: 'SecurityGroupNotFound',
    notFoundMessage: (id) => `Security group ${id} does not exist`,
    createSchema,
    updateSchema: { type: 'object', additionalProperties: false, properties: writable },
    itemSchema: s.anyObject,
    attributes: attributes.security_groups,
    get: topology.security_groups.get,
    list: topology.security_groups.list,
    visible: ownedOrShared,
    beforeList: (request) => ensureDefault(engine, request),
    create: async (bodies: Body[], caller) => {
      const commands: Command[] = [];
      const ids = [];
      for (const body of bodies) {
        const project = owningProject(body, caller);
        if (E.isLeft(project)) return project;
        if (!commands.some((c) => c.type === 'EnsureDefaultSecurityGroup' && c.project_id === project.right))
          commands.push(...defaultGroupFor(engine.world, project.right));
        const id = newId();
        ids.push(id);
        commands.push({
          type: 'CreateSecurityGroup',
          group: {
            id,
            project_id: project.right,
            name: body.name ?? '',
            description: body.description ?? '',
            stateful: body.stateful ?? true,
            tags: body.tags ?? [],
          },
          rule_ids: [newId(), newId()],
        });
      }
      return E.right({ commands, ids });
    },
    update: (id, changes: Body, _caller, ifRevision) => E.right({ type: 'UpdateSecurityGroup', id, changes, ...revisionGuard(ifRevision) }),
    remove: (id, caller, ifRevision) => ({ type: 'DeleteSecurityGroup', id, by_admin: caller.isAdmin, ...revisionGuard(ifRevision) }),
  });
