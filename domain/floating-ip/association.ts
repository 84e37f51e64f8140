import * as E from 'fp-ts/lib/Either.js';
import { formatIp, parseIp } from '../address/ip.js';
import { domainError, type DomainError } from '../common/errors.js';
import type { FixedIp } from '../port/port.js';
import { ROUTER_INTERFACE_OWNER } from '../port/port.js';
import { portOf, type World } from '../world.js';
import type { FloatingIpFields } from './floating-ip.js';

export interface Association {
  readonly port_id: string;
  readonly fixed_ip_address: string;
  readonly router_id: string;
}

const badRequest = (message: string) => domainError('BadRequest', `Bad floatingip request: ${message}`);

/** The fixed IP a floating IP maps onto: the one asked for, or the port's only address of the floating address's version. */
const fixedIpOf = (fixedIps: readonly FixedIp[], portId: string, asked: string | null | undefined, version: 4 | 6): E.Either<DomainError, FixedIp> => {
  if (asked !== undefined && asked !== null) {
    const ip = parseIp(asked);
    const text = E.isRight(ip) ? formatIp(ip.right) : asked;
    const found = fixedIps.find((f) => f.ip_address === text);
    return found ? E.right(found) : E.left(badRequest(`Port ${portId} does not have fixed ip ${asked}.`));
  }
  const candidates = fixedIps.filter((f) => f.ip_address.includes(':') === (version === 6));
  if (candidates.length === 0) return E.left(badRequest(`Port ${portId} does not have any IPv${version} address.`));
  if (candidates.length > 1)
    return E.left(badRequest(`Port ${portId} has multiple fixed IPv${version} addresses. Must provide a specific IPv${version} address when assigning a floating IP.`));
  return E.right(candidates[0]);
};

/** A router with an interface on the subnet and its gateway on the floating network: the one that carries the NAT'd traffic. */
const routerBetween = (world: World, networkId: string, subnetId: string, floatingNetworkId: string): string | undefined => {
  for (const port of world.networks.get(networkId)?.ports.values() ?? []) {
    if (port.device_owner !== ROUTER_INTERFACE_OWNER || !port.fixed_ips.some((f) => f.subnet_id === subnetId)) continue;
    const gateway = world.routerGatewayPorts.get(port.device_id);
    if (gateway !== undefined && world.portNetwork.get(gateway) === floatingNetworkId) return port.device_id;
  }
  return undefined;
};

/**
 * Where a floating IP may be mapped: a port that exists, one of its fixed IPs, reachable from the
 * floating network through a router, and not already mapped by another floating IP of that network.
 */
export const associate = (
  world: World,
  floatingIp: Pick<FloatingIpFields, 'id' | 'floating_network_id' | 'floating_ip_address'>,
  portId: string,
  askedFixedIp: string | null | undefined,
): E.Either<DomainError, Association> => {
  const port = portOf(world, portId);
  if (!port) return E.left(domainError('PortNotFound', `Port ${portId} could not be found.`));
  const version = floatingIp.floating_ip_address.includes(':') ? 6 : 4;
  const fixed = fixedIpOf(port.fixed_ips, portId, askedFixedIp, version);
  if (E.isLeft(fixed)) return fixed;
  const router = routerBetween(world, port.network_id, fixed.right.subnet_id, floatingIp.floating_network_id);
  if (router === undefined)
    return E.left(
      domainError(
        'ExternalGatewayForFloatingIPNotFound',
        `External network ${floatingIp.floating_network_id} is not reachable from subnet ${fixed.right.subnet_id}.  Therefore, cannot associate Port ${portId} with a Floating IP.`,
      ),
    );
  for (const otherId of world.portFloatingIps.get(portId) ?? []) {
    const other = world.floatingIps.get(otherId);
    if (otherId === floatingIp.id || !other) continue;
    if (other.floating_network_id === floatingIp.floating_network_id && other.fixed_ip_address === fixed.right.ip_address)
      return E.left(
        domainError(
          'FloatingIPPortAlreadyAssociated',
          `Cannot associate floating IP ${floatingIp.floating_ip_address} (${floatingIp.id}) with port ${portId} using fixed IP ${fixed.right.ip_address}, as that fixed IP already has a floating IP on external network ${floatingIp.floating_network_id}.`,
        ),
      );
  }
  return E.right({ port_id: portId, fixed_ip_address: fixed.right.ip_address, router_id: router });
};
