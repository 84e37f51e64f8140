import * as t from 'io-ts';
import { byIdCommand, createdWith } from '../common/codecs.js';
import { SubnetChanges, SubnetFields } from './subnet.js';

/**
 * One subnet of a create. Absent gateway_ip and allocation_pools: Neutron's default (first usable
 * address, whole range as the pool). Absent cidr: the next free prefix of `prefixlen` (or the
 * pool's default length) from the pool named, or from the default pool of the IP version.
 */
export const SubnetRequest = t.intersection([
  createdWith(SubnetFields, ['gateway_ip', 'allocation_pools', 'cidr']),
  t.partial({ subnetpool_id: t.string, prefixlen: t.number, use_default_subnetpool: t.boolean }),
]);
/** The subnets of one create, a bulk one or one alone, whatever their networks: one append, all or nothing. */
export const CreateSubnets = t.type({ type: t.literal('CreateSubnets'), subnets: t.array(SubnetRequest) });
export const UpdateSubnet = byIdCommand('UpdateSubnet', { changes: SubnetChanges });
export const DeleteSubnet = byIdCommand('DeleteSubnet', {});
export type SubnetRequest = t.TypeOf<typeof SubnetRequest>;
export type CreateSubnets = t.TypeOf<typeof CreateSubnets>;
export type UpdateSubnet = t.TypeOf<typeof UpdateSubnet>;
export type DeleteSubnet = t.TypeOf<typeof DeleteSubnet>;
