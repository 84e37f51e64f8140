import { subnetBody } from '../bodies.js';
import type { Handler } from '../inputs.js';
import { localNetworks } from '../local.js';
import type { Table } from '../node.js';
import { holders, holds } from '../placement.js';

/** Every subnet of the host's networks (L2 spans the network, so its neighbors may be on any of them). */
export const subnetTable: Table = {
  kind: 'subnet',
  body: subnetBody,
  holds: ({ world, placement }, host, id) => {
    const network = world.subnetNetwork.get(id);
    return network !== undefined && holds(placement.networkHosts, network, host);
  },
  compute: (world, host) =>
    new Map(
      [...localNetworks(world, host)].flatMap((network) =>
        [...world.networks.get(network)!.subnets.keys()].map((id) => [id, subnetBody(world, id)!] as const),
      ),
    ),
};

export const onHostNetwork: Handler<'hostNetwork'> = ({ host, network }, { world }, touch) => {
  for (const id of world.networks.get(network)?.subnets.keys() ?? []) touch(host, id);
};

export const onSubnet: Handler<'subnet'> = ({ id, network }, { placement }, touch) => {
  for (const host of holders(placement.networkHosts, network)) touch(host, id);
};
