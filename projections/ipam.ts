import type { World } from '../domain/index.js';

/** IP availability per subnet and network, as Neutron's network-ip-availability extension shows it. */
export const subnetIpAvailability = (world: World, subnetId: string) => {
  const networkId = world.subnetNetwork.get(subnetId);
  const state = networkId === undefined ? undefined : world.networks.get(networkId)?.subnets.get(subnetId);
  if (!state) return undefined;
  const poolSize = state.pools.reduce((sum, r) => sum + (r.last - r.first + 1n), 0n);
  return {
    subnet_id: subnetId,
    subnet_name: state.subnet.name,
    cidr: state.subnet.cidr,
    ip_version: state.subnet.ip_version,
    used_ips: state.allocated.size,
    total_ips: Number(poolSize),
    free_ips: Number(state.free.count),
  };
};

export const networkIpAvailability = (world: World, networkId: string) => {
  const state = world.networks.get(networkId);
  if (!state) return undefined;
  const subnets = [...state.subnets.keys()].map((id) => subnetIpAvailability(world, id)!);
  return {
    network_id: networkId,
    network_name: state.network.name,
    tenant_id: state.network.project_id,
    project_id: state.network.project_id,
    used_ips: subnets.reduce((sum, s) => sum + s.used_ips, 0),
    total_ips: subnets.reduce((sum, s) => sum + s.total_ips, 0),
    subnet_ip_availability: subnets,
  };
};

/** MACs in use per network. */
export const macsInUse = (world: World, networkId: string): number => world.networks.get(networkId)?.macs.size ?? 0;
