import { portOf, type Port, type World } from '../../domain/index.js';
import type { Context } from './inputs.js';
import { localNetworks } from './local.js';
import { holders, holds, routerOf } from './placement.js';

/** The networks a router has an interface on. */
export const interfaceNetworks = (world: World, routerId: string): Set<string> =>
  new Set([...(world.routerPorts.get(routerId) ?? [])].flatMap((id) => portOf(world, id)?.network_id ?? []));

/**
 * The networks a host reaches: its own and, as routing is distributed, every other network of a
 * router with an interface on one of its own (the host routes to them itself, so it tunnels to
 * their ports directly). From scratch, from the world alone.
 */
export const reachedNetworks = (world: World, host: string): Set<string> => {
  const reached = new Set<string>();
  for (const network of localNetworks(world, host)) {
    reached.add(network);
    for (const port of world.networks.get(network)!.ports.values()) {
      const router = routerOf(port);
      if (router !== undefined) for (const other of interfaceNetworks(world, router)) reached.add(other);
    }
  }
  return reached;
};

/** A network and the networks a router joins it to (the incremental side, from the placement). */
export const joinedNetworks = ({ world, placement }: Context, network: string): Set<string> => {
  const joined = new Set([network]);
  for (const router of holders(placement.networkRouters, network)) for (const other of interfaceNetworks(world, router)) joined.add(other);
  return joined;
};

export const reaches = (context: Context, host: string, network: string): boolean =>
  [...joinedNetworks(context, network)].some((joined) => holds(context.placement.networkHosts, joined, host));

export const hostsReaching = (context: Context, network: string): Set<string> =>
  new Set([...joinedNetworks(context, network)].flatMap((joined) => [...holders(context.placement.networkHosts, joined)]));

/**
 * An interface added or removed changes what every host of its router's networks reaches: each
 * such host may gain or lose each of those networks (the interface's own included, which a
 * removed interface no longer names).
 */
export const eachRouterReach = (
  { before, after }: { readonly before?: Port; readonly after?: Port },
  context: Context,
  each: (host: string, network: string) => void,
): void => {
  for (const port of [before, after]) {
    const router = port && routerOf(port);
    if (!port || router === undefined) continue;
    const networks = new Set([port.network_id, ...interfaceNetworks(context.world, router)]);
    const hosts = new Set([...networks].flatMap((network) => [...holders(context.placement.networkHosts, network)]));
    for (const host of hosts) for (const network of networks) each(host, network);
  }
};
