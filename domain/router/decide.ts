import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { cidrContainsIp, cidrsOverlap, formatCidr, parseCidr } from '../address/cidr.js';
import { parseIp } from '../address/ip.js';
import { appendTo, checkRevision, decided, decidedIfMatch, writing, type Decider, type Decision, type DecisionStreams } from '../common/decision.js';
import { domainError, type DomainError } from '../common/errors.js';
import { quotaAllows } from '../quota/limits.js';
import { streamOfNetwork, streamsOfNetworks } from '../network/network.js';
import { ROUTER_INTERFACE_OWNER } from '../port/port.js';
import { chooseMac } from '../port/mac-choice.js';
import type { HostRoute } from '../subnet/subnet.js';
import { trustedIp } from '../common/trusted.js';
import { portOf, subnetState, type World } from '../world.js';
import type { AddRouterInterface, CreateRouter, DeleteRouter, RemoveRouterInterface, UpdateRouter } from './commands.js';
import { routerInterfaces } from './interfaces.js';
import { decideGateway, gatewayPortOf, type GatewayDecision } from './gateway.js';
import { streamOfRouter } from './router.js';

const notFound = (id: string) => domainError('RouterNotFound', `Router ${id} could not be found`);

/** Each static route's next hop must be reachable through one of the router's interfaces, or its gateway. */
const checkRoutes = (world: World, routerId: string, routes: readonly HostRoute[]): E.Either<DomainError, void> => {
  const gatewaySubnets = (gatewayPortOf(world, routerId)?.fixed_ips ?? []).flatMap((f) => subnetState(world, f.subnet_id) ?? []);
  const subnets = [...routerInterfaces(world, routerId).flatMap((i) => i.subnets), ...gatewaySubnets];
  for (const route of routes) {
    const destination = parseCidr(route.destination);
    const nexthop = parseIp(route.nexthop);
    if (E.isLeft(destination) || E.isLeft(nexthop))
      return E.left(domainError('InvalidInput', `Invalid input for routes. Reason: '${route.destination}' via '${route.nexthop}' is not a valid route.`));
    if (!subnets.some((s) => cidrContainsIp(s.cidr, nexthop.right)))
      return E.left(
        domainError('InvalidRoutes', `Invalid format for routes: ${JSON.stringify(routes)}, the nexthop is not connected with router`),
      );
  }
  return E.right(undefined);
};

export const decideCreateRouter = (command: CreateRouter, world: World): Decision => {
  const { router } = command;
  if (world.routers.has(router.id)) return E.left(domainError('Conflict', `Router ${router.id} already exists.`));
  return pipe(
    quotaAllows(world, router.project_id, 'router'),
    E.chain(() => decideGateway(world, router.id, router.project_id, router.external_gateway_info, command)),
    E.chainFirst(() => checkRoutes(world, router.id, router.routes)),
    E.chain(({ gateway, appends }) =>
      decided(
        appendTo(world, streamOfRouter(router.id), [{ type: 'RouterCreated', version: 1, data: { router: { ...router, external_gateway_info: gateway } } }]),
        ...appends,
      ),
    ),
  );
};

export const decideUpdateRouter = (command: UpdateRouter, world: World): Decision => {
  const router = world.routers.get(command.id);
  if (!router) return E.left(notFound(command.id));
  const { external_gateway_info: asked, ...rest } = command.changes;
  // Neutron changes a router's distributed flag only while the router is down, before and after the update.
  const migrating = rest.distributed !== undefined && rest.distributed !== (router.distributed ?? false);
  if (migrating && (router.admin_state_up || rest.admin_state_up === true))
    return E.left(
      domainError('BadRequest', "Bad router request: Cannot change the 'distributed' attribute of active routers. Please set router admin_state_up to False prior to upgrade."),
    );
  return pipe(
    checkRevision(router, command.if_revision),
    E.chain((): E.Either<DomainError, GatewayDecision | undefined> => (asked === undefined ? E.right(undefined) : decideGateway(world, router.id, router.project_id, asked, command))),
    E.chainFirst(() => (rest.routes ? checkRoutes(world, router.id, rest.routes) : E.right(undefined))),
    E.chain((gateway) =>
      decided(
        appendTo(world, streamOfRouter(router.id), [
          { type: 'RouterUpdated', version: 1, data: { id: router.id, changes: gateway ? { ...rest, external_gateway_info: gateway.gateway } : rest } },
        ]),
        ...(gateway?.appends ?? []),
      ),
    ),
  );
};

/** A router goes with its gateway port, once no interface is left. */
export const decideDeleteRouter = (command: DeleteRouter, world: World): Decision => {
  const router = world.routers.get(command.id);
  if (!router) return E.left(notFound(command.id));
  const interfaces = [...(world.routerPorts.get(router.id) ?? [])];
  if (interfaces.length > 0)
    return E.left(domainError('RouterInUse', `Router ${router.id} has ports still attached: ${interfaces.join(',')}`));
  const gatewayPort = gatewayPortOf(world, router.id);
  return decidedIfMatch(
    router,
    command.if_revision,
    ...(gatewayPort
      ? [appendTo(world, streamOfNetwork(gatewayPort.network_id), [{ type: 'PortDeleted', version: 1, data: { id: gatewayPort.id, network_id: gatewayPort.network_id } }])]
      : []),
    appendTo(world, streamOfRouter(router.id), [{ type: 'RouterDeleted', version: 1, data: { id: router.id } }]),
  );
};

const exactlyOne = (command: { subnet_id?: string; port_id?: string }): E.Either<DomainError, void> =>
  (command.subnet_id === undefined) === (command.port_id === undefined)
    ? E.left(domainError('BadRequest', 'Bad router request: Must specify exactly one of subnet_id or port_id.'))
    : E.right(undefined);

/** A subnet joins a router once, and never with a cidr that overlaps another of its subnets. */
const checkJoin = (world: World, routerId: string, subnetId: string): E.Either<DomainError, void> => {
  const subnet = subnetState(world, subnetId)!;
  for (const iface of routerInterfaces(world, routerId))
    for (const other of iface.subnets) {
      if (other.subnet.id === subnetId)
        return E.left(domainError('BadRequest', `Bad router request: Router already has a port on subnet ${subnetId}.`));
      if (cidrsOverlap(other.cidr, subnet.cidr))
        return E.left(
          domainError(
            'BadRequest',
            `Bad router request: Cidr ${formatCidr(subnet.cidr)} of subnet ${subnetId} overlaps with cidr ${formatCidr(other.cidr)} of subnet ${other.subnet.id}.`,
          ),
        );
    }
  return E.right(undefined);
};

/**
 * The interface is a port on the subnet's network, so its address is decided in that network's
 * stream; the router's stream records the interface in the same append.
 */
export const decideAddRouterInterface = (command: AddRouterInterface, world: World): Decision => {
  const router = world.routers.get(command.router_id);
  return pipe(
    exactlyOne(command),
    E.chain(() => (router ? E.right(router) : E.left(notFound(command.router_id)))),
    E.chain((router) => (command.port_id !== undefined ? byPort(world, router.id, command.port_id) : bySubnet(world, router, command))),
  );
};

const byPort = (world: World, routerId: string, portId: string): Decision => {
  const port = portOf(world, portId);
  if (!port) return E.left(domainError('PortNotFound', `Port ${portId} could not be found.`));
  if (port.device_id !== '' || port.device_owner !== '')
    return E.left(domainError('PortInUse', `Unable to complete operation on port ${portId} for network ${port.network_id}. Port already has an attached device ${port.device_id}.`));
  if (port.fixed_ips.length === 0)
    return E.left(domainError('BadRequest', `Bad router request: Router port must have at least one fixed IP.`));
  for (const fixed of port.fixed_ips) {
    const joined = checkJoin(world, routerId, fixed.subnet_id);
    if (E.isLeft(joined)) return joined;
  }
  return decided(
    appendTo(world, streamOfNetwork(port.network_id), [
      {
        type: 'PortUpdated',
        version: 1,
        data: { id: port.id, network_id: port.network_id, changes: { device_id: routerId, device_owner: ROUTER_INTERFACE_OWNER } },
      },
    ]),
    interfaceEvent(world, 'RouterInterfaceAdded', routerId, port.id, port.network_id, port.fixed_ips.map((f) => f.subnet_id)),
  );
};

/** The router's own record of an interface change, appended with the port's in one append. */
const interfaceEvent = (
  world: World,
  type: 'RouterInterfaceAdded' | 'RouterInterfaceRemoved',
  routerId: string,
  portId: string,
  networkId: string,
  subnetIds: readonly string[],
) =>
  appendTo(world, streamOfRouter(routerId), [
    { type, version: 1, data: { router_id: routerId, port_id: portId, network_id: networkId, subnet_ids: [...new Set(subnetIds)] } },
  ]);

const bySubnet = (world: World, router: { id: string; project_id: string }, command: AddRouterInterface): Decision => {
  const subnetId = command.subnet_id!;
  if (world.portNetwork.has(command.new_port_id)) return E.left(domainError('Conflict', `Port ${command.new_port_id} already exists.`));
  const subnet = subnetState(world, subnetId);
  if (!subnet) return E.left(domainError('SubnetNotFound', `Subnet ${subnetId} could not be found.`));
  if (subnet.subnet.gateway_ip === null)
    return E.left(domainError('BadRequest', `Bad router request: Subnet ${subnetId} does not have a gateway IP.`));
  const joined = checkJoin(world, router.id, subnetId);
  if (E.isLeft(joined)) return joined;
  const gateway = trustedIp(subnet.subnet.gateway_ip).value;
  if (subnet.allocated.has(gateway))
    return E.left(domainError('IpAddressAlreadyAllocated', `IP address ${subnet.subnet.gateway_ip} already allocated in subnet ${subnetId}`));
  const network = world.networks.get(subnet.subnet.network_id)!;
  return pipe(
    chooseMac(network, undefined, command.mac_entropy, command.new_port_id, new Set()),
    E.chain((mac) =>
      decided(
        appendTo(world, streamOfNetwork(network.network.id), [
          {
            type: 'PortCreated',
            version: 1,
            data: {
              port: {
                id: command.new_port_id,
                network_id: network.network.id,
                project_id: router.project_id,
                name: '',
                description: '',
                admin_state_up: true,
                mac_address: mac,
                fixed_ips: [{ subnet_id: subnetId, ip_address: subnet.subnet.gateway_ip! }],
                device_id: router.id,
                device_owner: ROUTER_INTERFACE_OWNER,
                security_groups: [],
                port_security_enabled: false,
                'binding:host_id': '',
                'binding:vnic_type': 'normal',
                tags: [],
              },
            },
          },
        ]),
        interfaceEvent(world, 'RouterInterfaceAdded', router.id, command.new_port_id, network.network.id, [subnetId]),
      ),
    ),
  );
};

export const decideRemoveRouterInterface = (command: RemoveRouterInterface, world: World): Decision => {
  const router = world.routers.get(command.router_id);
  if (!router) return E.left(notFound(command.router_id));
  const checked = exactlyOne(command);
  if (E.isLeft(checked)) return checked;
  const interfaces = routerInterfaces(world, router.id);
  const found =
    command.port_id !== undefined
      ? interfaces.find((i) => i.port.id === command.port_id)
      : interfaces.find((i) => i.subnets.some((s) => s.subnet.id === command.subnet_id));
  if (!found)
    return E.left(
      command.port_id !== undefined
        ? domainError('RouterInterfaceNotFound', `Router ${router.id} does not have an interface with id ${command.port_id}`)
        : domainError('RouterInterfaceNotFoundForSubnet', `Router ${router.id} has no interface on subnet ${command.subnet_id}`),
    );
  const blocking = router.routes.find((route) => {
    const hop = parseIp(route.nexthop);
    return E.isRight(hop) && found.subnets.some((s) => cidrContainsIp(s.cidr, hop.right));
  });
  if (blocking)
    return E.left(
      domainError(
        'RouterInterfaceInUseByRoute',
        `Router interface for subnet ${found.subnets[0]?.subnet.id} on router ${router.id} cannot be deleted, as it is required by one or more routes.`,
      ),
    );
  const carried = [...(world.routerFloatingIps.get(router.id) ?? [])].some((id) => {
    const floatingIp = world.floatingIps.get(id);
    const port = floatingIp?.port_id ? portOf(world, floatingIp.port_id) : undefined;
    return port?.network_id === found.port.network_id && found.subnets.some((s) => port.fixed_ips.some((f) => f.subnet_id === s.subnet.id && f.ip_address === floatingIp!.fixed_ip_address));
  });
  if (carried)
    return E.left(
      domainError(
        'RouterInterfaceInUseByFloatingIP',
        `Router interface for subnet ${found.subnets[0]?.subnet.id} on router ${router.id} cannot be deleted, as it is required by one or more floating IPs.`,
      ),
    );
  return decided(
    appendTo(world, streamOfNetwork(found.port.network_id), [
      { type: 'PortDeleted', version: 1, data: { id: found.port.id, network_id: found.port.network_id } },
    ]),
    interfaceEvent(world, 'RouterInterfaceRemoved', router.id, found.port.id, found.port.network_id, found.port.fixed_ips.map((f) => f.subnet_id)),
  );
};

/** The network an interface command changes: that of the port or subnet it names, if known. */
const interfaceNetwork = (world: World, command: { subnet_id?: string; port_id?: string }): string[] => {
  const network = command.port_id !== undefined ? world.portNetwork.get(command.port_id) : command.subnet_id !== undefined ? world.subnetNetwork.get(command.subnet_id) : undefined;
  return network === undefined ? [] : [streamOfNetwork(network)];
};

/** A router's own stream, and those of the external networks its gateway port leaves and joins. */
const withGateway = (world: World, routerId: string, request: { network_id: string } | null | undefined): DecisionStreams => {
  const current = gatewayPortOf(world, routerId);
  return writing(streamOfRouter(routerId), ...streamsOfNetworks([current?.network_id, request ? request.network_id : undefined]));
};

export const createRouter: Decider<CreateRouter> = {
  streams: (command, world) => withGateway(world, command.router.id, command.router.external_gateway_info),
  decide: decideCreateRouter,
};
export const updateRouter: Decider<UpdateRouter> = {
  streams: (command, world) => withGateway(world, command.id, command.changes.external_gateway_info),
  decide: decideUpdateRouter,
};
export const deleteRouter: Decider<DeleteRouter> = { streams: (command, world) => withGateway(world, command.id, undefined), decide: decideDeleteRouter };
/** An interface is a port in its subnet's network, and a change of the router's set of interfaces. */
export const addRouterInterface: Decider<AddRouterInterface> = {
  streams: (command, world) => writing(streamOfRouter(command.router_id), ...interfaceNetwork(world, command)),
  decide: decideAddRouterInterface,
};
export const removeRouterInterface: Decider<RemoveRouterInterface> = {
  streams: (command, world) => writing(streamOfRouter(command.router_id), ...interfaceNetwork(world, command)),
  decide: decideRemoveRouterInterface,
};
