import { networkBody } from '../bodies.js';
import type { Handler } from '../inputs.js';
import type { Table } from '../node.js';
import { eachRouterReach, eachSnatReach, hostsReaching, joinedNetworks, reachedNetworks, reaches } from '../routed.js';

/** The networks the host has a port in, and those a router joins them to (it routes to them itself). */
export const networkTable: Table = {
  kind: 'network',
  body: networkBody,
  holds: (context, host, id) => reaches(context, host, id),
  compute: (world, host) => new Map([...reachedNetworks(world, host)].map((id) => [id, networkBody(world, id)!] as const)),
};

export const onHostNetwork: Handler<'hostNetwork'> = ({ host, network }, context, touch) => {
  for (const joined of joinedNetworks(context, network)) touch(host, joined);
};

export const onNetwork: Handler<'network'> = ({ id }, context, touch) => {
  for (const host of hostsReaching(context, id)) touch(host, id);
};

export const onPort: Handler<'port'> = (change, context, touch) => eachRouterReach(change, context, touch);

export const onSnatHost: Handler<'snatHost'> = (change, context, touch) => eachSnatReach(change, context, touch);
