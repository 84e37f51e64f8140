import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';
import { SubnetPoolChanges, SubnetPoolFields } from './subnet-pool.js';

export const SubnetPoolCreated = eventCodec('SubnetPoolCreated', 1, t.type({ pool: SubnetPoolFields }));
export const SubnetPoolUpdated = eventCodec('SubnetPoolUpdated', 1, t.type({ id: t.string, changes: SubnetPoolChanges }));
export const SubnetPoolDeleted = eventCodec('SubnetPoolDeleted', 1, t.type({ id: t.string }));
/** A block a pool handed out to a subnet (the subnet's own event, in its network's stream, says the same). */
export const SubnetPoolPrefixAllocated = eventCodec(
  'SubnetPoolPrefixAllocated',
  1,
  t.type({ subnetpool_id: t.string, subnet_id: t.string, cidr: t.string }),
);
export type SubnetPoolPrefixAllocated = t.TypeOf<typeof SubnetPoolPrefixAllocated>;
export type SubnetPoolCreated = t.TypeOf<typeof SubnetPoolCreated>;
export type SubnetPoolUpdated = t.TypeOf<typeof SubnetPoolUpdated>;
export type SubnetPoolDeleted = t.TypeOf<typeof SubnetPoolDeleted>;
