import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';

/**
 * Segmentation ids must be unique across networks, so they are reserved in one stream of their
 * own, arbitrated by its expected revision, before the network's own stream records the network.
 * A crash between the two appends leaves a reservation with no network: the id stays unused
 * (a leak of one id out of 16 million), never given twice.
 */
export const SegmentationIdReserved = eventCodec('SegmentationIdReserved', 1, t.type({ segmentation_id: t.number, network_id: t.string }));
export type SegmentationIdReserved = t.TypeOf<typeof SegmentationIdReserved>;

export const SEGMENTATION_STREAM = 'segmentation-ids';
export const MIN_VNI = 1;
export const MAX_VNI = 16_777_215;
export const SEGMENTATION_RANGE = { first: BigInt(MIN_VNI), last: BigInt(MAX_VNI) };
