import { gatewayBody } from '../bodies.js';
import type { Context, Handler, Touch } from '../inputs.js';
import type { Table } from '../node.js';
import { routerOf } from '../placement.js';
import { snatHostOf } from '../gateway-host.js';
import { ROUTER_GATEWAY_OWNER, type Port } from '../../../domain/index.js';

/** The routers whose SNAT the host does (see snatHostOf for which host that is and how it moves). */
export const gatewayTable: Table = {
  kind: 'gateway',
  body: gatewayBody,
  holds: ({ placement }, host, id) => placement.snatHosts.get(id) === host,
  compute: (world, host) =>
    new Map([...world.routerGatewayPorts.keys()].filter((router) => snatHostOf(world, router) === host).map((router) => [router, gatewayBody(world, router)!] as const)),
};

const touchSnatHost = ({ placement }: Context, router: string, touch: Touch): void => {
  const host = placement.snatHosts.get(router);
  if (host !== undefined) touch(host, router);
};

export const onSnatHost: Handler<'snatHost'> = ({ router, before, after }, _context, touch) => {
  if (before !== undefined) touch(before, router);
  if (after !== undefined) touch(after, router);
};

export const onRouter: Handler<'router'> = ({ id }, context, touch) => touchSnatHost(context, id, touch);

const gatewayRouter = (port: Port | undefined): string | undefined =>
  port?.device_owner === ROUTER_GATEWAY_OWNER && port.device_id !== '' ? port.device_id : undefined;

/** An interface added or removed changes what the router masquerades; a gateway port readdressed, what it masquerades as. */
export const onPort: Handler<'port'> = ({ before, after }, context, touch) => {
  const routers = new Set([before && routerOf(before), after && routerOf(after), gatewayRouter(before), gatewayRouter(after)]);
  for (const router of routers) if (router !== undefined) touchSnatHost(context, router, touch);
};
