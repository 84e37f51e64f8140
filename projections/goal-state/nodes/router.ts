import { routerBody } from '../bodies.js';
import type { Handler } from '../inputs.js';
import { hostsOfChange, localNetworks } from '../local.js';
import type { Table } from '../node.js';
import { holders, holds, routerOf } from '../placement.js';
import { interfaceNetworks, routerHosts, snatRouters } from '../routed.js';

/** Routers with an interface on one of the host's networks (the host routes between their subnets itself), and those whose SNAT it does. */
export const routerTable: Table = {
  kind: 'router',
  body: routerBody,
  holds: ({ world, placement }, host, id) =>
    placement.snatHosts.get(id) === host || [...interfaceNetworks(world, id)].some((network) => holds(placement.networkHosts, network, host)),
  compute: (world, host) => {
    const routers = new Set<string>();
    for (const network of localNetworks(world, host))
      for (const port of world.networks.get(network)!.ports.values()) {
        const router = routerOf(port);
        if (router !== undefined && world.routers.has(router)) routers.add(router);
      }
    for (const router of snatRouters(world, host)) routers.add(router);
    return new Map([...routers].map((id) => [id, routerBody(world, id)!] as const));
  },
};

export const onHostNetwork: Handler<'hostNetwork'> = ({ host, network }, { placement }, touch) => {
  for (const router of holders(placement.networkRouters, network)) touch(host, router);
};

/** An interface added, removed or readdressed changes its router for every host of any of its networks. */
export const onPort: Handler<'port'> = ({ before, after }, context, touch) => {
  const routers = new Set([before && routerOf(before), after && routerOf(after)].filter((r): r is string => r !== undefined));
  for (const router of routers) {
    const hosts = routerHosts(context, router);
    if (before) for (const host of holders(context.placement.networkHosts, before.network_id)) hosts.add(host);
    for (const host of hostsOfChange(before, after)) hosts.add(host);
    for (const host of hosts) touch(host, router);
  }
};

export const onRouter: Handler<'router'> = ({ id }, context, touch) => {
  for (const host of routerHosts(context, id)) touch(host, id);
};

/** Every host of the router hears where its SNAT went; the host it left loses the router unless it holds one of its networks. */
export const onSnatHost: Handler<'snatHost'> = ({ router, before }, context, touch) => {
  if (before !== undefined) touch(before, router);
  for (const host of routerHosts(context, router)) touch(host, router);
};

/** A SNAT host readdressed: its routers' hosts tunnel to its new address. */
export const onHost: Handler<'host'> = ({ id }, context, touch) => {
  for (const [router, host] of context.placement.snatHosts) if (host === id) for (const each of routerHosts(context, router)) touch(each, router);
};
