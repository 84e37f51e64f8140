import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';

/**
 * Segmentation ids must be unique across networks, so they are reserved in one stream of their
 * own, arbitrated by its expected revision, in the same append as the network's creation in the
 * network's stream. Every network's birth is therefore in this stream too: a decision that must
 * see every network (nothing refers to a host being removed) reads it to know none was added.
 */
export const SegmentationIdReserved = eventCodec('SegmentationIdReserved', 1, t.type({ segmentation_id: t.number, network_id: t.string }));
export type SegmentationIdReserved = t.TypeOf<typeof SegmentationIdReserved>;

export const SEGMENTATION_STREAM = 'segmentation-ids';
export const MIN_VNI = 1;
export const MAX_VNI = 16_777_215;
export const SEGMENTATION_RANGE = { first: BigInt(MIN_VNI), last: BigInt(MAX_VNI) };
