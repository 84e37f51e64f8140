import * as t from 'io-ts';
import { byIdCommand, createdWith } from '../common/codecs.js';
import { SubnetChanges, SubnetFields } from './subnet.js';

export const CreateSubnet = t.type({
  type: t.literal('CreateSubnet'),
  /**
   * Absent gateway_ip and allocation_pools: Neutron's default (first usable address, whole range as
   * the pool). Absent cidr: the next free prefix of `prefixlen` (or the pool's default length) from
   * the pool named, or from the default pool of the IP version.
   */
  subnet: t.intersection([
    createdWith(SubnetFields, ['gateway_ip', 'allocation_pools', 'cidr']),
    t.partial({ subnetpool_id: t.string, prefixlen: t.number, use_default_subnetpool: t.boolean }),
  ]),
});
export const UpdateSubnet = byIdCommand('UpdateSubnet', { changes: SubnetChanges });
export const DeleteSubnet = byIdCommand('DeleteSubnet', {});
export type CreateSubnet = t.TypeOf<typeof CreateSubnet>;
export type UpdateSubnet = t.TypeOf<typeof UpdateSubnet>;
export type DeleteSubnet = t.TypeOf<typeof DeleteSubnet>;
