import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';
import { SubnetChanges, SubnetFields } from './subnet.js';

/** The pool a subnet's block was taken from is named beside it (absent: the cidr was given, from no pool). */
export const SubnetCreated = eventCodec('SubnetCreated', 1, t.intersection([t.type({ subnet: SubnetFields }), t.partial({ subnetpool_id: t.string })]));
export const SubnetUpdated = eventCodec('SubnetUpdated', 1, t.type({ id: t.string, network_id: t.string, changes: SubnetChanges }));
export const SubnetDeleted = eventCodec('SubnetDeleted', 1, t.type({ id: t.string, network_id: t.string }));
export type SubnetCreated = t.TypeOf<typeof SubnetCreated>;
export type SubnetUpdated = t.TypeOf<typeof SubnetUpdated>;
export type SubnetDeleted = t.TypeOf<typeof SubnetDeleted>;
