import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { portOf, routerInterfaces, type GatewayRequest, type Port, type World } from '../../domain/index.js';
import { attributes, topology } from '../../projections/index.js';
import { macEntropy, newId, type Caller } from '../context.js';
import { sendCommandError, sendError } from '../errors.js';
import { ifMatchRevision, revisionGuard } from '../if-match.js';
import { mayUse, owningProject, owns } from '../ownership.js';
import { changeFromCurrent, sendChangeFailure, type Refusal } from '../read-modify-write.js';
import { changeableItem, sendMissing } from '../resource-access.js';
import { createEach, type Body, type ResourceDescription } from '../resource-description.js';
import { resourceRoutes } from '../resource-routes.js';
import { run } from '../respond.js';
import * as s from '../schema-parts.js';

/** A gateway: null or {} clears it; otherwise the external network, SNAT, and the addresses wanted there. */
const gateway = {
  anyOf: [
    { type: 'null' },
    { type: 'object', additionalProperties: false, maxProperties: 0 },
    {
      type: 'object',
      additionalProperties: false,
      required: ['network_id'],
      properties: { network_id: s.id, enable_snat: s.bool, external_fixed_ips: s.fixedIps },
    },
  ],
} as const;

const writable = { name: s.name, description: s.description, admin_state_up: s.bool, external_gateway_info: gateway, tags: s.tags } as const;

const createRouterSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...writable,
    ...s.ownership,
    /** Kept as asked: every router here already routes and NATs floating IPs on its ports' hosts. */
    distributed: s.bool,
    ha: { enum: [false] },
    availability_zone_hints: { type: 'array', maxItems: 0 },
    flavor_id: { type: 'null' },
  },
} as const;

/** `distributed` and `ha` are taken so that Neutron's policy decides who may give them (the admin), as on create. */
const updateRouterSchema = { type: 'object', additionalProperties: false, properties: { ...writable, routes: s.hostRoutes, distributed: s.bool, ha: { enum: [false] } } } as const;

type Route = { destination: string; nexthop: string };

/** The gateway asked for (null clears it, as {} does), or 404 when its network is not the caller's to use. */
const gatewayOf = (world: World, info: Body | null | undefined, caller: Caller): E.Either<Refusal, GatewayRequest | null | undefined> => {
  if (info === undefined) return E.right(undefined);
  if (info === null || info.network_id === undefined) return E.right(null);
  if (!mayUse(world, info.network_id, caller))
    return E.left({ status: 404, type: 'NetworkNotFound', message: `Network ${info.network_id} could not be found.` });
  return E.right(info as GatewayRequest);
};

const createRouters = (bodies: Body[], caller: Caller, world: World) =>
  createEach(bodies, (body, id) => {
    const project = owningProject(body, caller);
    if (E.isLeft(project)) return project;
    const gatewayInfo = gatewayOf(world, body.external_gateway_info, caller);
    if (E.isLeft(gatewayInfo)) return gatewayInfo;
    return E.right({
      type: 'CreateRouter' as const,
      gateway_port_id: newId(),
      mac_entropy: macEntropy(),
      router: {
        id,
        project_id: project.right,
        name: body.name ?? '',
        description: body.description ?? '',
        admin_state_up: body.admin_state_up ?? true,
        external_gateway_info: gatewayInfo.right ?? null,
        routes: [],
        tags: body.tags ?? [],
        distributed: body.distributed ?? false,
      },
    });
  });

const updateRouter = (id: string, body: Body, caller: Caller, ifRevision: number | undefined, world: World) => {
  const gatewayInfo = gatewayOf(world, body.external_gateway_info, caller);
  if (E.isLeft(gatewayInfo)) return gatewayInfo;
  const { ha: _onlyFalse, ...asked } = body; // routers here are never ha: nothing to change
  const changes = gatewayInfo.right === undefined ? asked : { ...asked, external_gateway_info: gatewayInfo.right };
  return E.right({ type: 'UpdateRouter' as const, id, changes, gateway_port_id: newId(), mac_entropy: macEntropy(), ...revisionGuard(ifRevision) });
};

const deleteRouter = (id: string, _caller: Caller, ifRevision: number | undefined) => ({ type: 'DeleteRouter' as const, id, ...revisionGuard(ifRevision) });

const routers: ResourceDescription = {
  collection: 'routers',
  singular: 'router',
  notFoundType: 'RouterNotFound',
  notFoundMessage: (id) => `Router ${id} could not be found`,
  createSchema: createRouterSchema,
  updateSchema: updateRouterSchema,
  itemSchema: s.anyObject,
  attributes: attributes.routers,
  get: topology.routers.get,
  selfContainedKind: 'router',
  list: topology.routers.list,
  create: createRouters,
  update: updateRouter,
  remove: deleteRouter,
};

/** The schema of a router action (PUT /v2.0/routers/{id}/{action}). */
const actionSchema = (body: object, answer: object) =>
  s.routeSchema('routers', { params: s.idParams, body, success: { 200: answer }, errors: [...s.ALWAYS, 403, 404, 412, ...s.WITH_BODY, ...s.CHANGING] });

const routerInterfaceSchema = actionSchema(
  { type: 'object', additionalProperties: false, properties: { subnet_id: s.id, port_id: s.id } },
  {
    type: 'object',
    properties: {
      id: { type: 'string' },
      tenant_id: { type: 'string' },
      project_id: { type: 'string' },
      port_id: { type: ['string', 'null'] },
      network_id: { type: 'string' },
      subnet_id: { type: ['string', 'null'] },
      subnet_ids: { type: 'array', items: { type: 'string' } },
    },
  },
);

type InterfaceRequest = FastifyRequest<{ Params: { id: string }; Body: { subnet_id?: string; port_id?: string } }>;

/** Neutron's answer to an interface change: the router, and the port with its subnets. */
const interfaceInfo = (routerId: string, port: Pick<Port, 'id' | 'project_id' | 'network_id' | 'fixed_ips'>) => ({
  id: routerId,
  tenant_id: port.project_id,
  project_id: port.project_id,
  port_id: port.id,
  network_id: port.network_id,
  subnet_id: port.fixed_ips[0]?.subnet_id ?? null,
  subnet_ids: port.fixed_ips.map((f) => f.subnet_id),
});

/** A subnet or port named in an interface call must be the caller's to use; else it does not exist for it. */
const unseen = (world: World, caller: Caller, body: { subnet_id?: string; port_id?: string }): Refusal | undefined => {
  if (body.subnet_id !== undefined) {
    const subnet = topology.subnets.get(world, body.subnet_id);
    if (!subnet || !(owns(subnet, caller) || mayUse(world, String(subnet.network_id), caller, 'access_as_shared')))
      return { status: 404, type: 'SubnetNotFound', message: `Subnet ${body.subnet_id} could not be found.` };
  }
  if (body.port_id !== undefined) {
    const port = topology.ports.get(world, body.port_id);
    if (!port || !owns(port, caller)) return { status: 404, type: 'PortNotFound', message: `Port ${body.port_id} could not be found.` };
  }
  return undefined;
};

/** The router is the caller's to change and the subnet or port is the caller's to use; else answered. */
const mayUseInterface = (app: FastifyInstance, request: InterfaceRequest, reply: FastifyReply): boolean => {
  if (!changeableItem(app, routers, request, reply, request.params.id)) return false;
  const refusal = unseen(app.engine.world, request.caller, request.body);
  if (refusal) sendError(reply, refusal.status, refusal.type, refusal.message);
  return refusal === undefined;
};

/** PUT /v2.0/routers/{id}/add_router_interface: a new port on the subnet, or an existing port, joins the router. */
async function addRouterInterface(this: FastifyInstance, request: InterfaceRequest, reply: FastifyReply) {
  const { engine } = this;
  const { id } = request.params;
  if (!mayUseInterface(this, request, reply)) return reply;
  const result = await run(engine, request, { type: 'AddRouterInterface', router_id: id, new_port_id: newId(), mac_entropy: macEntropy(), ...request.body });
  if (E.isLeft(result)) return sendCommandError(reply, result.left);
  // The new interface port is in the decision's events; an existing port is in the world, just updated.
  const created = result.right.events.find((e) => e.type === 'PortCreated');
  const port = created?.type === 'PortCreated' ? created.data.port : portOf(engine.world, request.body.port_id!)!;
  return reply.send(interfaceInfo(id, port));
}

/** PUT /v2.0/routers/{id}/remove_router_interface: answered with the port as it was. */
async function removeRouterInterface(this: FastifyInstance, request: InterfaceRequest, reply: FastifyReply) {
  const { engine } = this;
  const { id } = request.params;
  if (!mayUseInterface(this, request, reply)) return reply;
  // The answer describes the port as it was: read the interfaces before it goes.
  const before = new Map(routerInterfaces(engine.world, id).map((i) => [i.port.id, i.port]));
  const result = await run(engine, request, { type: 'RemoveRouterInterface', router_id: id, ...request.body });
  if (E.isLeft(result)) return sendCommandError(reply, result.left);
  const deleted = result.right.events.find((e) => e.type === 'PortDeleted');
  const port = deleted?.type === 'PortDeleted' ? before.get(deleted.data.id) : undefined;
  return port
    ? reply.send(interfaceInfo(id, port))
    : reply.send({ id, tenant_id: request.caller.projectId, project_id: request.caller.projectId, port_id: deleted?.type === 'PortDeleted' ? deleted.data.id : null, subnet_id: request.body.subnet_id ?? null, subnet_ids: [] });
}

const extraRoutesSchema = actionSchema(
  {
    type: 'object',
    additionalProperties: false,
    required: ['router'],
    properties: { router: { type: 'object', additionalProperties: false, required: ['routes'], properties: { routes: s.hostRoutes } } },
  },
  { type: 'object', properties: { router: s.anyObject }, required: ['router'] },
);

type ExtraRoutesRequest = FastifyRequest<{ Params: { id: string }; Body: { router: { routes: Route[] } } }>;

const sameRoute = (a: Route, b: Route) => a.destination === b.destination && a.nexthop === b.nexthop;

/** Neutron's extraroute-atomic: the router's routes become `next(current, asked)`, without racing other route changes. */
const changeRoutes = async (app: FastifyInstance, request: ExtraRoutesRequest, reply: FastifyReply, next: (current: Route[], asked: Route[]) => Route[]) => {
  const { engine } = app;
  const { id } = request.params;
  if (!changeableItem(app, routers, request, reply, id)) return reply;
  const revision = ifMatchRevision(request);
  if (E.isLeft(revision)) return sendError(reply, revision.left.status, revision.left.type, revision.left.message);
  const result = await changeFromCurrent(engine, request, () => topology.routers.get(engine.world, id), revision.right, (current, ifRevision) =>
    E.right({ type: 'UpdateRouter', id, changes: { routes: next(current.routes as Route[], request.body.router.routes) }, if_revision: ifRevision }),
  );
  if (E.isLeft(result)) return sendChangeFailure(reply, result.left, () => sendMissing(reply, routers, id));
  return reply.send({ router: topology.routers.get(engine.world, id) });
};

/** PUT /v2.0/routers/{id}/add_extraroutes: the asked routes not there yet are added, once each. */
async function addExtraRoutes(this: FastifyInstance, request: ExtraRoutesRequest, reply: FastifyReply) {
  return changeRoutes(this, request, reply, (current, asked) => [
    ...current,
    ...asked.filter((r, i) => !current.some((c) => sameRoute(c, r)) && asked.findIndex((o) => sameRoute(o, r)) === i),
  ]);
}

/** PUT /v2.0/routers/{id}/remove_extraroutes: the asked routes go, the others stay. */
async function removeExtraRoutes(this: FastifyInstance, request: ExtraRoutesRequest, reply: FastifyReply) {
  return changeRoutes(this, request, reply, (current, asked) => current.filter((c) => !asked.some((r) => sameRoute(c, r))));
}

export const routerRoutes = async (app: FastifyInstance): Promise<void> => {
  resourceRoutes(app, routers);
  app.put('/v2.0/routers/:id/add_router_interface', { schema: routerInterfaceSchema }, addRouterInterface);
  app.put('/v2.0/routers/:id/remove_router_interface', { schema: routerInterfaceSchema }, removeRouterInterface);
  app.put('/v2.0/routers/:id/add_extraroutes', { schema: extraRoutesSchema }, addExtraRoutes);
  app.put('/v2.0/routers/:id/remove_extraroutes', { schema: extraRoutesSchema }, removeExtraRoutes);
};
