import * as E from 'fp-ts/lib/Either.js';
import { appendTo, type StreamAppend } from '../common/decision.js';
import { domainError, type DomainError } from '../common/errors.js';
import { streamOfNetwork } from '../network/network.js';
import { allocateFixedIps } from '../port/ip-allocation.js';
import { chooseMac } from '../port/mac-choice.js';
import { isExternalFor } from '../rbac/access.js';
import { ROUTER_GATEWAY_OWNER, type Port } from '../port/port.js';
import { servicePort } from '../port/service-port.js';
import { portOf, type World } from '../world.js';
import type { GatewayRequest } from './commands.js';
import type { ExternalGateway } from './router.js';

/** The gateway the router will show, and the appends to its external network(s) that give it its port. */
export interface GatewayDecision {
  readonly gateway: ExternalGateway | null;
  readonly appends: StreamAppend[];
}

export const gatewayPortOf = (world: World, routerId: string): Port | undefined => {
  const portId = world.routerGatewayPorts.get(routerId);
  return portId === undefined ? undefined : portOf(world, portId);
};

/** Floating IPs NAT through the gateway: while one does, the router keeps its leg on that network. */
const checkNoFloatingIps = (world: World, routerId: string, port: Port): E.Either<DomainError, void> =>
  (world.routerFloatingIps.get(routerId)?.size ?? 0) > 0
    ? E.left(
        domainError(
          'RouterExternalGatewayInUseByFloatingIp',
          `Gateway cannot be updated for router ${routerId}, since a gateway to external network ${port.network_id} is required by one or more floating IPs.`,
        ),
      )
    : E.right(undefined);

/**
 * A router's gateway after a request (null: none): its port on the external network is made,
 * readdressed, moved to another external network, or deleted, in that network's stream, so the
 * addresses are decided where that network's IPAM lives.
 */
export const decideGateway = (
  world: World,
  routerId: string,
  project: string,
  request: GatewayRequest | null,
  newPort: { gateway_port_id?: string; mac_entropy?: string },
): E.Either<DomainError, GatewayDecision> => {
  const current = gatewayPortOf(world, routerId);
  const deleteCurrent = (port: Port): StreamAppend =>
    appendTo(world, streamOfNetwork(port.network_id), [{ type: 'PortDeleted', version: 1, data: { id: port.id, network_id: port.network_id } }]);
  if (request === null) {
    if (!current) return E.right({ gateway: null, appends: [] });
    const inUse = checkNoFloatingIps(world, routerId, current);
    return E.isLeft(inUse) ? inUse : E.right({ gateway: null, appends: [deleteCurrent(current)] });
  }
  const network = world.networks.get(request.network_id);
  if (!network) return E.left(domainError('NetworkNotFound', `Network ${request.network_id} could not be found.`));
  if (!isExternalFor(network, project))
    return E.left(domainError('BadRequest', `Bad router request: Network ${request.network_id} is not an external network.`));
  const enable_snat = request.enable_snat ?? true;
  if (current && current.network_id === request.network_id) {
    if (request.external_fixed_ips === undefined)
      return E.right({ gateway: { network_id: request.network_id, enable_snat, external_fixed_ips: current.fixed_ips }, appends: [] });
    const fixed = allocateFixedIps(network, request.external_fixed_ips, current.id, current.fixed_ips, new Map());
    if (E.isLeft(fixed)) return fixed;
    const same = JSON.stringify(fixed.right) === JSON.stringify(current.fixed_ips);
    return E.right({
      gateway: { network_id: request.network_id, enable_snat, external_fixed_ips: fixed.right },
      appends: same
        ? []
        : [appendTo(world, streamOfNetwork(network.network.id), [{ type: 'PortUpdated', version: 1, data: { id: current.id, network_id: current.network_id, changes: { fixed_ips: fixed.right } } }])],
    });
  }
  if (current) {
    const inUse = checkNoFloatingIps(world, routerId, current);
    if (E.isLeft(inUse)) return inUse;
  }
  const { gateway_port_id: portId, mac_entropy: entropy } = newPort;
  if (portId === undefined || entropy === undefined) throw new Error('a new gateway port needs gateway_port_id and mac_entropy in its command');
  if (world.portNetwork.has(portId)) return E.left(domainError('Conflict', `Port ${portId} already exists.`));
  const fixed = allocateFixedIps(network, request.external_fixed_ips, portId, [], new Map());
  if (E.isLeft(fixed)) return fixed;
  const mac = chooseMac(network, undefined, entropy, portId, new Set());
  if (E.isLeft(mac)) return mac;
  const port = servicePort({ id: portId, network_id: network.network.id, device_id: routerId, device_owner: ROUTER_GATEWAY_OWNER, mac_address: mac.right, fixed_ips: fixed.right });
  return E.right({
    gateway: { network_id: request.network_id, enable_snat, external_fixed_ips: fixed.right },
    appends: [...(current ? [deleteCurrent(current)] : []), appendTo(world, streamOfNetwork(network.network.id), [{ type: 'PortCreated', version: 1, data: { port } }])],
  });
};
