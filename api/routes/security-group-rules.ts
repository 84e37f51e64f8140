import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance } from 'fastify';
import { attributes, topology } from '../../projections/index.js';
import type { Engine } from '../../engine/index.js';
import { owns, ownedOrShared } from '../ownership.js';
import { createEach, resourceRoutes } from '../resource-routes.js';
import * as s from '../schema-parts.js';

const port = { type: ['integer', 'null'], minimum: 0, maximum: 65535 } as const;

/** What a rule is made of; Neutron's own checks (protocol, port range, prefix) are the domain's. */
const createSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['security_group_id', 'direction'],
  properties: {
    ...s.ownership,
    security_group_id: s.id,
    direction: { enum: ['ingress', 'egress'] },
    ethertype: { enum: ['IPv4', 'IPv6'] },
    protocol: { anyOf: [{ type: 'string', maxLength: 40 }, { type: 'integer', minimum: 0, maximum: 255 }, { type: 'null' }] },
    port_range_min: port,
    port_range_max: port,
    remote_ip_prefix: { type: ['string', 'null'], maxLength: 64 },
    remote_group_id: { type: ['string', 'null'], maxLength: 255 },
    remote_address_group_id: { type: 'null' },
    description: s.description,
  },
} as const;

type Body = Record<string, any>;

const groupNotFound = (id: string) => E.left({ status: 404, type: 'SecurityGroupNotFound', message: `Security group ${id} does not exist` });

/** Rules have no update in Neutron's core API beyond their description, which we do not offer: create and delete only. */
export const securityGroupRuleRoutes = (app: FastifyInstance, engine: Engine): void =>
  resourceRoutes(app, engine, {
    collection: 'security_group_rules',
    selfContainedKind: 'security_group_rule',
    singular: 'security_group_rule',
    notFoundType: 'SecurityGroupRuleNotFound',
    notFoundMessage: (id) => `Security group rule ${id} does not exist`,
    createSchema,
    itemSchema: s.anyObject,
    attributes: attributes.security_group_rules,
    get: topology.security_group_rules.get,
    list: topology.security_group_rules.list,
    visible: ownedOrShared,
    create: async (bodies: Body[], caller) =>
      createEach(bodies, (body, id) => {
        // The rule belongs to its group's project: a group the caller cannot change does not exist for it.
        const group = engine.world.securityGroups.get(body.security_group_id);
        if (!group || !owns(group, caller)) return groupNotFound(body.security_group_id);
        const asked = body.project_id ?? body.tenant_id;
        if (asked !== undefined && asked !== group.project_id)
          return E.left({ status: 400, type: 'BadRequest', message: `Bad request: the rule's project must be its group's project ${group.project_id}.` });
        const remote = body.remote_group_id ?? null;
        if (remote !== null && !ownedOrShared(engine.world.securityGroups.get(remote) ?? {}, caller)) return groupNotFound(remote);
        return E.right({
          type: 'CreateSecurityGroupRule' as const,
          rule: {
            id,
            security_group_id: group.id,
            project_id: group.project_id,
            direction: body.direction,
            ethertype: body.ethertype ?? 'IPv4',
            protocol: body.protocol ?? null,
            port_range_min: body.port_range_min ?? null,
            port_range_max: body.port_range_max ?? null,
            remote_ip_prefix: body.remote_ip_prefix ?? null,
            remote_group_id: remote,
            description: body.description ?? '',
          },
        });
      }),
    remove: (id) => ({ type: 'DeleteSecurityGroupRule', id }),
  });
