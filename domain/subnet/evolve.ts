import { freeRangesFromPools, isFree, takeAddress } from '../address/free-ranges.js';
import type { IpRange } from '../address/ip-range.js';
import { created, touched } from '../common/standard-attributes.js';
import { trustedCidr, trustedIp } from '../common/trusted.js';
import type { RecordedEvent } from '../events.js';
import { indexAdd, indexRemove, subnetState, type SubnetState, type World } from '../world.js';
import type { SubnetCreated, SubnetDeleted, SubnetUpdated } from './events.js';
import type { AllocationPool } from './subnet.js';

type At = Pick<RecordedEvent, 'metadata'>;

const poolRanges = (pools: readonly AllocationPool[]): IpRange[] =>
  pools.map((pool) => ({ first: trustedIp(pool.start).value, last: trustedIp(pool.end).value }));

/** Rebuilds the free set from the pools minus what is allocated: only when the pools change. */
const freeOf = (pools: IpRange[], allocated: Map<bigint, string>) => {
  const free = freeRangesFromPools(pools);
  for (const value of allocated.keys()) if (isFree(free, value)) takeAddress(free, value);
  return free;
};

export const subnetCreated = (world: World, event: SubnetCreated & At): void => {
  const { subnet } = event.data;
  const pools = poolRanges(subnet.allocation_pools);
  const state: SubnetState = {
    subnet: { ...subnet, subnetpool_id: event.data.subnetpool_id ?? null, ...created(event.metadata.decidedAt) },
    cidr: trustedCidr(subnet.cidr),
    pools,
    free: freeRangesFromPools(pools),
    allocated: new Map(),
  };
  world.networks.get(subnet.network_id)!.subnets.set(subnet.id, state);
  world.subnetNetwork.set(subnet.id, subnet.network_id);
  if (event.data.subnetpool_id !== undefined) indexAdd(world.poolSubnets, event.data.subnetpool_id, subnet.id);
};

export const subnetUpdated = (world: World, event: SubnetUpdated & At): void => {
  const state = world.networks.get(event.data.network_id)!.subnets.get(event.data.id)!;
  state.subnet = touched({ ...state.subnet, ...event.data.changes }, event.metadata.decidedAt);
  if (event.data.changes.allocation_pools) {
    state.pools = poolRanges(event.data.changes.allocation_pools);
    state.free = freeOf(state.pools, state.allocated);
  }
};

export const subnetDeleted = (world: World, event: SubnetDeleted): void => {
  const pool = subnetState(world, event.data.id)?.subnet.subnetpool_id;
  if (pool) indexRemove(world.poolSubnets, pool, event.data.id);
  world.networks.get(event.data.network_id)!.subnets.delete(event.data.id);
  world.subnetNetwork.delete(event.data.id);
};
