import type { World } from '../../domain/index.js';
import { macsInUse, subnetIpAvailability, topology, type Collection } from '../../projections/index.js';

/**
 * Everything a client or an agent can read of a world: every view of every collection in full
 * (revisions and timestamps included), IPAM availability per subnet, MACs per network, the log
 * position and each stream's revision.
 */
export const snapshot = (world: World) => ({
  views: Object.fromEntries(
    (Object.keys(topology) as Collection[]).map((collection) => [collection, [...topology[collection].list(world as World)]]),
  ),
  ipam: [...world.subnetNetwork.keys()].sort().map((id) => subnetIpAvailability(world, id)),
  freeRanges: [...world.networks.values()].flatMap((n) => [...n.subnets.values()].map((s) => [s.subnet.id, s.free])),
  macs: [...world.networks.keys()].sort().map((id) => [id, macsInUse(world, id)]),
  position: world.position,
  streamRevisions: [...world.streamRevisions].sort(([a], [b]) => a.localeCompare(b)),
});
