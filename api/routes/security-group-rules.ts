import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { World } from '../../domain/index.js';
import { attributes, topology } from '../../projections/index.js';
import type { Caller } from '../context.js';
import { sendError } from '../errors.js';
import { owns, ownedOrShared } from '../ownership.js';
import { sendMissing, visibleItem } from '../resource-access.js';
import { createEach, type Body, type ResourceDescription } from '../resource-description.js';
import { resourceRoutes } from '../resource-routes.js';
import * as s from '../schema-parts.js';

/** Out of range is the domain's SecurityGroupInvalidPortValue (or InvalidIcmpValue), as in Neutron; the bound only keeps numbers exact. */
const port = { type: ['integer', 'null'], minimum: -2147483648, maximum: 2147483647 } as const;

/** What a rule is made of; Neutron's own checks (protocol, port range, prefix) are the domain's. */
const createSecurityGroupRuleSchema = {
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
    remote_address_group_id: { type: ['string', 'null'], maxLength: 255 },
    description: s.description,
  },
} as const;

const groupNotFound = (id: string) => E.left({ status: 404, type: 'SecurityGroupNotFound', message: `Security group ${id} does not exist` });

const createSecurityGroupRules = (bodies: Body[], caller: Caller, world: World) =>
  createEach(bodies, (body, id) => {
    // The rule belongs to its group's project: a group the caller cannot change does not exist for it.
    const group = world.securityGroups.get(body.security_group_id);
    if (!group || !owns(group, caller)) return groupNotFound(body.security_group_id);
    const asked = body.project_id ?? body.tenant_id;
    if (asked !== undefined && asked !== group.project_id)
      return E.left({ status: 400, type: 'BadRequest', message: `Bad request: the rule's project must be its group's project ${group.project_id}.` });
    const remote = body.remote_group_id ?? null;
    if (remote !== null && !ownedOrShared(world.securityGroups.get(remote) ?? {}, caller)) return groupNotFound(remote);
    const remoteAddressGroup = body.remote_address_group_id ?? null;
    if (remoteAddressGroup !== null && !ownedOrShared(world.addressGroups.get(remoteAddressGroup) ?? {}, caller))
      return E.left({ status: 404, type: 'AddressGroupNotFound', message: `Address group ${remoteAddressGroup} could not be found.` });
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
        ...(remoteAddressGroup === null ? {} : { remote_address_group_id: remoteAddressGroup }),
        description: body.description ?? '',
      },
    });
  });

const deleteSecurityGroupRule = (id: string) => ({ type: 'DeleteSecurityGroupRule' as const, id });

/** Rules have no update in Neutron's core API beyond their description, which we do not offer: create and delete only. */
const securityGroupRules: ResourceDescription = {
  collection: 'security_group_rules',
  selfContainedKind: 'security_group_rule',
  singular: 'security_group_rule',
  notFoundType: 'SecurityGroupRuleNotFound',
  notFoundMessage: (id) => `Security group rule ${id} does not exist`,
  createSchema: createSecurityGroupRuleSchema,
  itemSchema: s.anyObject,
  attributes: attributes.security_group_rules,
  get: topology.security_group_rules.get,
  list: topology.security_group_rules.list,
  create: createSecurityGroupRules,
  remove: deleteSecurityGroupRule,
};

const updateSecurityGroupRuleSchema = s.routeSchema('security_group_rules', {
  params: s.idParams,
  body: { type: 'object', properties: { security_group_rule: s.anyObject }, required: ['security_group_rule'], additionalProperties: false },
  success: {},
  errors: [...s.ALWAYS, 404],
});

/** PUT /v2.0/security-group-rules/{id}: a rule is never changed; Neutron answers 400 naming the attribute, 404 for no rule. */
async function updateSecurityGroupRule(
  this: FastifyInstance,
  request: FastifyRequest<{ Params: { id: string }; Body: { security_group_rule: Body } }>,
  reply: FastifyReply,
) {
  const { id } = request.params;
  if (!visibleItem(this, securityGroupRules, request, id)) return sendMissing(reply, securityGroupRules, id);
  const [attribute = 'security_group_rule'] = Object.keys(request.body.security_group_rule);
  return sendError(reply, 400, 'HTTPBadRequest', `Cannot update read-only attribute ${attribute}`);
}

export const securityGroupRuleRoutes = async (app: FastifyInstance): Promise<void> => {
  resourceRoutes(app, securityGroupRules);
  app.put('/v2.0/security-group-rules/:id', { schema: updateSecurityGroupRuleSchema }, updateSecurityGroupRule);
};
