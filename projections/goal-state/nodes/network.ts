import { networkBody } from '../bodies.js';
import type { Handler } from '../inputs.js';
import { localNetworks } from '../local.js';
import type { Table } from '../node.js';
import { holders, holds } from '../placement.js';

/** The networks the host has a port in. */
export const networkTable: Table = {
  kind: 'network',
  body: networkBody,
  holds: ({ placement }, host, id) => holds(placement.networkHosts, id, host),
  compute: (world, host) =>
    new Map([...localNetworks(world, host)].map((id) => [id, networkBody(world, id)!] as const)),
};

export const onHostNetwork: Handler<'hostNetwork'> = ({ host, network }, _context, touch) => touch(host, network);

export const onNetwork: Handler<'network'> = ({ id }, { placement }, touch) => {
  for (const host of holders(placement.networkHosts, id)) touch(host, id);
};
