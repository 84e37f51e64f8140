import { addressPairsOf, portOf, type Port } from '../../../domain/index.js';
import { neighborBody } from '../bodies.js';
import type { Handler } from '../inputs.js';
import { isBound, localNetworks } from '../local.js';
import type { Table } from '../node.js';
import { holders, holds } from '../placement.js';

/**
 * The other hosts' ports of the host's networks, with where to tunnel to them. Unbound ports
 * (router interfaces, ports no compute host claimed yet) have no tunnel to reach, so they are
 * not neighbors; binding one is a neighbor upsert, unbinding it a delete.
 */
export const neighborTable: Table = {
  kind: 'neighbor',
  body: (world, id) => {
    const port = portOf(world, id);
    return port && isBound(port) ? neighborBody(world, port) : undefined;
  },
  holds: ({ world, placement }, host, id) => {
    const port = portOf(world, id);
    return port !== undefined && isBound(port) && port['binding:host_id'] !== host && holds(placement.networkHosts, port.network_id, host);
  },
  compute: (world, host) =>
    new Map(
      [...localNetworks(world, host)].flatMap((network) =>
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

/** A host that gains a network gains its whole neighbor table; one that loses it loses it. */
export const onHostNetwork: Handler<'hostNetwork'> = ({ host, network }, { world }, touch) => {
  for (const port of world.networks.get(network)?.ports.values() ?? []) if (isBound(port)) touch(host, port.id);
};

/** One port is one neighbor entry on each host of its network: never the table again. */
export const onPort: Handler<'port'> = ({ before, after }, { placement }, touch) => {
  if (before && after && sameNeighbor(before, after)) return;
  const port = (after ?? before)!;
  for (const host of holders(placement.networkHosts, port.network_id)) touch(host, port.id);
};

export const onHost: Handler<'host'> = ({ id }, { world, placement }, touch) => {
  for (const portId of world.hostPorts.get(id) ?? []) {
    const port = portOf(world, portId);
    if (port) for (const host of holders(placement.networkHosts, port.network_id)) touch(host, portId);
  }
};
