import { portOf, type Port, type World } from '../../domain/index.js';
import { snatHostOf } from './gateway-host.js';
import type { Context } from './inputs.js';
import { localNetworks } from './local.js';
import { holders, holds, routerOf } from './placement.js';

/** The networks a router has an interface on. */
export const interfaceNetworks = (world: World, routerId: string): Set<string> =>
  new Set([...(world.routerPorts.get(routerId) ?? [])].flatMap((id) => portOf(world, id)?.network_id ?? []));

/** The routers whose SNAT the host does, from the world alone. */
export const snatRouters = (world: World, host: string): string[] => [...world.routerGatewayPorts.keys()].filter((router) => snatHostOf(world, router) === host);

/**
 * The networks a host reaches: its own and, as routing is distributed, every other network of a
 * router with an interface on one of its own (the host routes to them itself, so it tunnels to
 * their ports directly), and every network of a router whose SNAT it does (the other hosts send
 * it their traffic out, and it sends the replies straight to the VMs). From scratch, from the world alone.
 */
export const reachedNetworks = (world: World, host: string): Set<string> => {
  const reached = new Set<string>();
  for (const router of snatRouters(world, host)) for (const network of interfaceNetworks(world, router)) reached.add(network);
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

/** The SNAT hosts of the routers with an interface on the network. */
const snatHostsOn = ({ placement }: Context, network: string): string[] =>
  [...holders(placement.networkRouters, network)].flatMap((router) => placement.snatHosts.get(router) ?? []);

// The network itself first: most hosts asked hold it, and the rest (routers' networks, SNAT hosts) is sets made per call,
// once per host and neighbor of every event.
export const reaches = (context: Context, host: string, network: string): boolean =>
  holds(context.placement.networkHosts, network, host) ||
  [...joinedNetworks(context, network)].some((joined) => holds(context.placement.networkHosts, joined, host)) ||
  snatHostsOn(context, network).includes(host);

// Added one by one, not spread into arrays first: it runs for every port event, over every host of the network.
export const hostsReaching = (context: Context, network: string): Set<string> => {
  const hosts = new Set<string>();
  for (const joined of joinedNetworks(context, network)) for (const host of holders(context.placement.networkHosts, joined)) hosts.add(host);
  for (const host of snatHostsOn(context, network)) hosts.add(host);
  return hosts;
};

/** The hosts of a router: those holding one of its networks, and its SNAT host. */
export const routerHosts = (context: Context, routerId: string): Set<string> => {
  const hosts = new Set([...interfaceNetworks(context.world, routerId)].flatMap((network) => [...holders(context.placement.networkHosts, network)]));
  const snat = context.placement.snatHosts.get(routerId);
  if (snat !== undefined) hosts.add(snat);
  return hosts;
};

/** The SNAT of a router moved: the host it left and the one it came to lose and gain the router's networks. */
export const eachSnatReach = (
  { router, before, after }: { readonly router: string; readonly before?: string; readonly after?: string },
  { world }: Context,
  each: (host: string, network: string) => void,
): void => {
  for (const host of [before, after]) if (host !== undefined) for (const network of interfaceNetworks(world, router)) each(host, network);
};

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
    const snat = context.placement.snatHosts.get(router);
    if (snat !== undefined) hosts.add(snat);
    for (const host of hosts) for (const network of networks) each(host, network);
  }
};
