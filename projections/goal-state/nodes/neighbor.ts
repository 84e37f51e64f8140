import { addressPairsOf, portOf, type Port, type World } from '../../../domain/index.js';
import { neighborBody } from '../bodies.js';
import type { Handler, Touch } from '../inputs.js';
import { isBound } from '../local.js';
import type { Table } from '../node.js';
import { eachRouterReach, eachSnatReach, hostsReaching, joinedNetworks, reachedNetworks, reaches } from '../routed.js';

/**
 * The other hosts' ports of the networks the host reaches (its own, and those its routers join
 * them to), with where to tunnel to them. Unbound ports
 * (router interfaces, ports no compute host claimed yet) have no tunnel to reach, so they are
 * not neighbors; binding one is a neighbor upsert, unbinding it a delete.
 */
export const neighborTable: Table = {
  kind: 'neighbor',
  body: (world, id) => {
    const port = portOf(world, id);
    return port && isBound(port) ? neighborBody(world, port) : undefined;
  },
  holds: (context, host, id) => {
    const port = portOf(context.world, id);
    return port !== undefined && isBound(port) && port['binding:host_id'] !== host && reaches(context, host, port.network_id);
  },
  compute: (world, host) =>
    new Map(
      [...reachedNetworks(world, host)].flatMap((network) =>
        [...world.networks.get(network)!.ports.values()]
          .filter((port) => isBound(port) && port['binding:host_id'] !== host)
          .map((port) => [port.id, neighborBody(world, port)] as const),
      ),
    ),
};

const sameNeighbor = (a: Port, b: Port): boolean =>
  a['binding:host_id'] === b['binding:host_id'] &&
  a.mac_address === b.mac_address &&
  JSON.stringify(a.fixed_ips) === JSON.stringify(b.fixed_ips) &&
  JSON.stringify(addressPairsOf(a)) === JSON.stringify(addressPairsOf(b));

const touchPorts = (world: World, host: string, network: string, touch: Touch): void => {
  for (const port of world.networks.get(network)?.ports.values() ?? []) if (isBound(port)) touch(host, port.id);
};

/** A host that gains a network gains its whole neighbor table and those of the networks routed to it; one that loses it loses them. */
export const onHostNetwork: Handler<'hostNetwork'> = ({ host, network }, context, touch) => {
  for (const joined of joinedNetworks(context, network)) touchPorts(context.world, host, joined, touch);
};

/** One port is one neighbor entry on each host reaching its network: never the table again. An interface changes what its router's hosts reach. */
export const onPort: Handler<'port'> = (change, context, touch) => {
  eachRouterReach(change, context, (host, network) => touchPorts(context.world, host, network, touch));
  const { before, after } = change;
  if (before && after && sameNeighbor(before, after)) return;
  const port = (after ?? before)!;
  for (const host of hostsReaching(context, port.network_id)) touch(host, port.id);
};

export const onHost: Handler<'host'> = ({ id }, context, touch) => {
  for (const portId of context.world.hostPorts.get(id) ?? []) {
    const port = portOf(context.world, portId);
    if (port) for (const host of hostsReaching(context, port.network_id)) touch(host, portId);
  }
};

export const onSnatHost: Handler<'snatHost'> = (change, context, touch) =>
  eachSnatReach(change, context, (host, network) => touchPorts(context.world, host, network, touch));
