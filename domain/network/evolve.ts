import { isFree, releaseAddress, takeAddress } from '../address/free-ranges.js';
import { SEGMENTATION_RANGE } from '../segmentation/events.js';
import { created, touched } from '../common/standard-attributes.js';
import type { RecordedEvent } from '../events.js';
import type { World } from '../world.js';
import type { NetworkCreated, NetworkDeleted, NetworkUpdated } from './events.js';

type At = Pick<RecordedEvent, 'metadata'>;

export const networkCreated = (world: World, event: NetworkCreated & At): void => {
  const { network } = event.data;
  world.networks.set(network.id, {
    network: { ...network, ...created(event.metadata.decidedAt) },
    subnets: new Map(),
    ports: new Map(),
    macs: new Map(),
    policies: new Map(),
  });
  reserveSegmentationId(world, network.segmentation_id, network.id);
};

export const networkUpdated = (world: World, event: NetworkUpdated & At): void => {
  const state = world.networks.get(event.data.id)!;
  state.network = touched({ ...state.network, ...event.data.changes }, event.metadata.decidedAt);
};

export const networkDeleted = (world: World, event: NetworkDeleted): void => {
  const state = world.networks.get(event.data.id)!;
  world.segmentationIds.delete(state.network.segmentation_id);
  releaseAddress(world.freeSegmentationIds, BigInt(state.network.segmentation_id), [SEGMENTATION_RANGE]);
  for (const policy of state.policies.keys()) world.policyNetwork.delete(policy);
  world.networks.delete(event.data.id);
};

/** Both the reservation and the network record the id, so either one alone marks it taken. */
export const reserveSegmentationId = (world: World, segmentationId: number, networkId: string): void => {
  world.segmentationIds.set(segmentationId, networkId);
  const value = BigInt(segmentationId);
  if (isFree(world.freeSegmentationIds, value)) takeAddress(world.freeSegmentationIds, value);
};
