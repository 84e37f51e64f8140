import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { portOf, routerInterfaces, type Port } from '../../domain/index.js';
import { attributes, topology } from '../../projections/index.js';
import type { Engine } from '../../engine/index.js';
import type { Caller } from '../context.js';
import { macEntropy, newId } from '../context.js';
import { sendCommandError, sendError } from '../errors.js';
import { ifMatchRevision, revisionGuard } from '../if-match.js';
import { owningProject, ownedOrShared, owns } from '../ownership.js';
import { changeFromCurrent, sendChangeFailure, type Refusal } from '../read-modify-write.js';
import { createEach, resourceAccess, resourceRoutes, type ResourceDescription } from '../resource-routes.js';
import { run } from '../respond.js';
import * as s from '../schema-parts.js';

const gateway = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['network_id'],
  properties: { network_id: s.id, enable_snat: s.bool, external_fixed_ips: { type: 'array', maxItems: 0 } },
} as const;

const writable = { name: s.name, description: s.description, admin_state_up: s.bool, external_gateway_info: gateway, tags: s.tags } as const;

const createSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...writable,
    ...s.ownership,
    distributed: { enum: [false] },
    ha: { enum: [false] },
    availability_zone_hints: { type: 'array', maxItems: 0 },
    flavor_id: { type: 'null' },
  },
} as const;

const updateSchema = { type: 'object', additionalProperties: false, properties: { ...writable, routes: s.hostRoutes } } as const;

type Body = Record<string, any>;
type Route = { destination: string; nexthop: string };

/** The gateway as stored (SNAT on unless refused), or 404 when its network is not the caller's to see. */
const gatewayOf = (engine: Engine, info: Body | null | undefined, caller: Caller): E.Either<Refusal, { network_id: string; enable_snat: boolean } | null | undefined> => {
  if (info === undefined || info === null) return E.right(info);
  const network = topology.networks.get(engine.world, info.network_id);
  if (!network || !ownedOrShared(network, caller))
    return E.left({ status: 404, type: 'NetworkNotFound', message: `Network ${info.network_id} could not be found.` });
  return E.right({ network_id: info.network_id, enable_snat: info.enable_snat ?? true });
};

const description: ResourceDescription = {
  collection: 'routers',
  singular: 'router',
  notFoundType: 'RouterNotFound',
  notFoundMessage: (id) => `Router ${id} could not be found`,
  createSchema,
  updateSchema,
  itemSchema: s.anyObject,
  attributes: attributes.routers,
  get: topology.routers.get,
  selfContainedKind: 'router',
  list: topology.routers.list,
  visible: ownedOrShared,
};

const sameRoute = (a: Route, b: Route) => a.destination === b.destination && a.nexthop === b.nexthop;

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

const interfaceBody = {
  type: 'object',
  additionalProperties: false,
  properties: { subnet_id: s.id, port_id: s.id },
} as const;

const interfaceAnswer = {
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
} as const;

const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 255 } }, required: ['id'] } as const;

type InterfaceRequest = FastifyRequest<{ Params: { id: string }; Body: { subnet_id?: string; port_id?: string } }>;

export const routerRoutes = (app: FastifyInstance, engine: Engine): void => {
  const world = () => engine.world;
  resourceRoutes(app, engine, {
    ...description,
    create: async (bodies: Body[], caller) =>
      createEach(bodies, (body, id) => {
        const project = owningProject(body, caller);
        if (E.isLeft(project)) return project;
        const gatewayInfo = gatewayOf(engine, body.external_gateway_info, caller);
        if (E.isLeft(gatewayInfo)) return gatewayInfo;
        return E.right({
          type: 'CreateRouter',
          router: {
            id,
            project_id: project.right,
            name: body.name ?? '',
            description: body.description ?? '',
            admin_state_up: body.admin_state_up ?? true,
            external_gateway_info: gatewayInfo.right ?? null,
            routes: [],
            tags: body.tags ?? [],
          },
        });
      }),
    update: (id, body: Body, caller, ifRevision) => {
      const gatewayInfo = gatewayOf(engine, body.external_gateway_info, caller);
      if (E.isLeft(gatewayInfo)) return gatewayInfo;
      const changes = gatewayInfo.right === undefined ? body : { ...body, external_gateway_info: gatewayInfo.right };
      return E.right({ type: 'UpdateRouter', id, changes, ...revisionGuard(ifRevision) });
    },
    remove: (id, _caller, ifRevision) => ({ type: 'DeleteRouter', id, ...revisionGuard(ifRevision) }),
  });

  const { changeable, missing } = resourceAccess(engine, description);
  const actionSchema = (body: object, answer: object) => ({
    tags: ['routers'],
    params: idParams,
    body,
    response: s.responses({ 200: answer }, [...s.ALWAYS, 403, 404, 412, ...s.WITH_BODY, ...s.CHANGING]),
  });

  /** A subnet or port named in an interface call must be the caller's to use; else it does not exist for it. */
  const unseen = (caller: Caller, body: { subnet_id?: string; port_id?: string }): Refusal | undefined => {
    if (body.subnet_id !== undefined) {
      const subnet = topology.subnets.get(world(), body.subnet_id);
      const network = subnet && topology.networks.get(world(), String(subnet.network_id));
      if (!subnet || !(owns(subnet, caller) || network?.shared === true))
        return { status: 404, type: 'SubnetNotFound', message: `Subnet ${body.subnet_id} could not be found.` };
    }
    if (body.port_id !== undefined) {
      const port = topology.ports.get(world(), body.port_id);
      if (!port || !owns(port, caller)) return { status: 404, type: 'PortNotFound', message: `Port ${body.port_id} could not be found.` };
    }
    return undefined;
  };

  /** The router is the caller's to change and the subnet or port is the caller's to use; else answered. */
  const mayUseInterface = (request: InterfaceRequest, reply: FastifyReply): boolean => {
    if (!changeable(request, reply, request.params.id)) return false;
    const refusal = unseen(request.caller, request.body);
    if (refusal) sendError(reply, refusal.status, refusal.type, refusal.message);
    return refusal === undefined;
  };

  app.put<{ Params: { id: string }; Body: { subnet_id?: string; port_id?: string } }>(
    '/v2.0/routers/:id/add_router_interface',
    { schema: actionSchema(interfaceBody, interfaceAnswer) },
    async (request, reply) => {
      const { id } = request.params;
      if (!mayUseInterface(request, reply)) return reply;
      const newPortId = newId();
      const result = await run(engine, request, { type: 'AddRouterInterface', router_id: id, new_port_id: newPortId, mac_entropy: macEntropy(), ...request.body });
      if (E.isLeft(result)) return sendCommandError(reply, result.left);
      // The new interface port is in the decision's events; an existing port is in the world, just updated.
      const created = result.right.events.find((e) => e.type === 'PortCreated');
      const port = created?.type === 'PortCreated' ? created.data.port : portOf(world(), request.body.port_id!)!;
      return reply.send(interfaceInfo(id, port));
    },
  );

  app.put<{ Params: { id: string }; Body: { subnet_id?: string; port_id?: string } }>(
    '/v2.0/routers/:id/remove_router_interface',
    { schema: actionSchema(interfaceBody, interfaceAnswer) },
    async (request, reply) => {
      const { id } = request.params;
      if (!mayUseInterface(request, reply)) return reply;
      // The answer describes the port as it was: read the interfaces before it goes.
      const before = new Map(routerInterfaces(world(), id).map((i) => [i.port.id, i.port]));
      const result = await run(engine, request, { type: 'RemoveRouterInterface', router_id: id, ...request.body });
      if (E.isLeft(result)) return sendCommandError(reply, result.left);
      const deleted = result.right.events.find((e) => e.type === 'PortDeleted');
      const port = deleted?.type === 'PortDeleted' ? before.get(deleted.data.id) : undefined;
      return port
        ? reply.send(interfaceInfo(id, port))
        : reply.send({ id, tenant_id: request.caller.projectId, project_id: request.caller.projectId, port_id: deleted?.type === 'PortDeleted' ? deleted.data.id : null, subnet_id: request.body.subnet_id ?? null, subnet_ids: [] });
    },
  );

  /** Neutron's extraroute-atomic: add or remove some routes without racing other route changes. */
  const extraRoutes = (path: string, next: (current: Route[], asked: Route[]) => Route[]) =>
    app.put<{ Params: { id: string }; Body: { router: { routes: Route[] } } }>(
      `/v2.0/routers/:id/${path}`,
      {
        schema: actionSchema(
          {
            type: 'object',
            additionalProperties: false,
            required: ['router'],
            properties: { router: { type: 'object', additionalProperties: false, required: ['routes'], properties: { routes: s.hostRoutes } } },
          },
          { type: 'object', properties: { router: s.anyObject }, required: ['router'] },
        ),
      },
      async (request: FastifyRequest<{ Params: { id: string }; Body: { router: { routes: Route[] } } }>, reply: FastifyReply) => {
        const { id } = request.params;
        if (!changeable(request, reply, id)) return reply;
        const revision = ifMatchRevision(request);
        if (E.isLeft(revision)) return sendError(reply, revision.left.status, revision.left.type, revision.left.message);
        const result = await changeFromCurrent(engine, request, () => topology.routers.get(world(), id), revision.right, (current, ifRevision) =>
          E.right({ type: 'UpdateRouter', id, changes: { routes: next(current.routes as Route[], request.body.router.routes) }, if_revision: ifRevision }),
        );
        if (E.isLeft(result)) return sendChangeFailure(reply, result.left, () => missing(reply, id));
        return reply.send({ router: topology.routers.get(world(), id) });
      },
    );
  extraRoutes('add_extraroutes', (current, asked) => [...current, ...asked.filter((r, i) => !current.some((c) => sameRoute(c, r)) && asked.findIndex((o) => sameRoute(o, r)) === i)]);
  extraRoutes('remove_extraroutes', (current, asked) => current.filter((c) => !asked.some((r) => sameRoute(c, r))));
};
