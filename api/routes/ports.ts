import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance } from 'fastify';
import type { Command, OneCommand, World } from '../../domain/index.js';
import { attributes, topology } from '../../projections/index.js';
import { macEntropy, type Caller } from '../context.js';
import { defaultGroupFor } from '../default-security-group.js';
import { revisionGuard } from '../if-match.js';
import { mayUse, owningProject, visibleGroups } from '../ownership.js';
import type { Refusal } from '../read-modify-write.js';
import { freshIds, together, type Body, type ResourceDescription } from '../resource-description.js';
import { resourceRoutes } from '../resource-routes.js';
import * as s from '../schema-parts.js';

const writable = {
  name: s.name,
  description: s.description,
  admin_state_up: s.bool,
  mac_address: { type: 'string', minLength: 1, maxLength: 32 },
  fixed_ips: s.fixedIps,
  device_id: s.name,
  device_owner: s.name,
  security_groups: { type: 'array', maxItems: 100, items: s.id },
  port_security_enabled: s.bool,
  /** ip_address is checked by hand: Neutron names its absence AllowedAddressPairsMissingIP. */
  allowed_address_pairs: {
    type: 'array',
    maxItems: 100,
    items: { type: 'object', additionalProperties: false, properties: { ip_address: s.address, mac_address: { type: 'string', minLength: 1, maxLength: 32 } } },
  },
  extra_dhcp_opts: {
    type: 'array',
    maxItems: 100,
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['opt_name'],
      properties: { opt_name: { type: 'string', minLength: 1, maxLength: 64 }, opt_value: { type: ['string', 'null'], maxLength: 255 }, ip_version: { enum: [4, 6] } },
    },
  },
  'binding:host_id': s.name,
  'binding:vnic_type': {
    enum: ['normal', 'direct', 'macvtap', 'baremetal', 'direct-physical', 'virtio-forwarder', 'smart-nic', 'remote-managed', 'vdpa'],
  },
  'binding:profile': { type: 'object', maxProperties: 0 },
  tags: s.tags,
} as const;

const createPortSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['network_id'],
  properties: { ...writable, ...s.ownership, network_id: s.id },
} as const;

const updatePortSchema = { type: 'object', additionalProperties: false, properties: writable } as const;

/** Ports that take the project's default group when none is named: those with port security (by default, their network's). */
const wantsDefaultGroup = (body: Body, networkPortSecurity: boolean): boolean =>
  body.security_groups === undefined && (body.port_security_enabled ?? networkPortSecurity) && !String(body.device_owner ?? '').startsWith('network:');

/** A pair must name its address; Neutron says so with a type of its own. */
const missingPairAddress = (body: Body): Refusal | undefined =>
  Array.isArray(body.allowed_address_pairs) && body.allowed_address_pairs.some((pair: Body) => pair.ip_address === undefined)
    ? { status: 400, type: 'AllowedAddressPairsMissingIP', message: 'AllowedAddressPair must contain ip_address' }
    : undefined;

/** A fixed IP on a subnet that exists nowhere is Neutron's 404; one of another network stays the domain's 400. */
const knownSubnets = (world: World, fixedIps: unknown): E.Either<Refusal, void> => {
  for (const { subnet_id: id } of Array.isArray(fixedIps) ? (fixedIps as { subnet_id?: string }[]) : [])
    if (id !== undefined && !world.subnetNetwork.has(id)) return E.left({ status: 404, type: 'SubnetNotFound', message: `Subnet ${id} could not be found.` });
  return E.right(undefined);
};

/** One CreatePorts for the whole bulk, whatever the networks (one append, all or nothing), after the default groups it needs. */
const createPorts = (bodies: Body[], caller: Caller, world: World) => {
  const defaults: OneCommand[] = [];
  const create: Extract<Command, { type: 'CreatePorts' }> = { type: 'CreatePorts', ports: [] };
  const ids = freshIds(bodies.length);
  for (const [i, body] of bodies.entries()) {
    const project = owningProject(body, caller);
    if (E.isLeft(project)) return project;
    if (!mayUse(world, body.network_id, caller, 'access_as_shared'))
      return E.left({ status: 404, type: 'NetworkNotFound', message: `Network ${body.network_id} could not be found.` });
    const groups = visibleGroups(world, body.security_groups, caller);
    if (E.isLeft(groups)) return groups;
    const missing = missingPairAddress(body);
    if (missing) return E.left(missing);
    const subnets = knownSubnets(world, body.fixed_ips);
    if (E.isLeft(subnets)) return subnets;
    const networkPortSecurity = world.networks.get(body.network_id)?.network.port_security_enabled ?? true;
    if (wantsDefaultGroup(body, networkPortSecurity) && !defaults.some((c) => c.type === 'EnsureDefaultSecurityGroup' && c.project_id === project.right))
      defaults.push(...defaultGroupFor(world, project.right));
    const id = ids[i];
    const { tenant_id: _t, project_id: _p, 'binding:profile': _profile, ...fields } = body;
    create.ports.push({
      name: '',
      description: '',
      admin_state_up: true,
      device_id: '',
      device_owner: '',
      'binding:host_id': '',
      'binding:vnic_type': 'normal',
      tags: [],
      ...fields,
      id,
      network_id: body.network_id,
      project_id: project.right,
      mac_entropy: macEntropy(),
    });
  }
  return E.right({ command: together([...defaults, create]), ids });
};

const updatePort = (id: string, body: Body, caller: Caller, ifRevision: number | undefined, world: World) => {
  const { 'binding:profile': _profile, ...changes } = body;
  const refusal = [visibleGroups(world, changes.security_groups, caller), knownSubnets(world, changes.fixed_ips)].find(E.isLeft);
  if (refusal) return refusal;
  const missing = missingPairAddress(changes);
  return missing ? E.left(missing) : E.right({ type: 'UpdatePort' as const, id, changes, ...revisionGuard(ifRevision) });
};

const deletePort = (id: string, _caller: Caller, ifRevision: number | undefined) => ({ type: 'DeletePort' as const, id, ...revisionGuard(ifRevision) });

const ports: ResourceDescription = {
  collection: 'ports',
  singular: 'port',
  notFoundType: 'PortNotFound',
  notFoundMessage: (id) => `Port ${id} could not be found.`,
  createSchema: createPortSchema,
  updateSchema: updatePortSchema,
  itemSchema: s.anyObject,
  attributes: attributes.ports,
  get: topology.ports.get,
  selfContainedKind: 'port',
  list: topology.ports.list,
  create: createPorts,
  update: updatePort,
  remove: deletePort,
};

export const portRoutes = async (app: FastifyInstance): Promise<void> => resourceRoutes(app, ports);
