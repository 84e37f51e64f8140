import * as t from 'io-ts';
import { byIdCommand, createdWith } from '../common/codecs.js';
import { SubnetPoolChanges, SubnetPoolFields } from './subnet-pool.js';

export const CreateSubnetPool = t.type({
  type: t.literal('CreateSubnetPool'),
  /** Absent: ip_version from the prefixes, Neutron's prefix bounds (min 8 or 64, max 32 or 128, default = min), no quota, no scope. */
  pool: createdWith(SubnetPoolFields, ['ip_version', 'default_prefixlen', 'min_prefixlen', 'max_prefixlen', 'default_quota', 'address_scope_id']),
});
export const UpdateSubnetPool = byIdCommand('UpdateSubnetPool', { changes: SubnetPoolChanges });
export const DeleteSubnetPool = byIdCommand('DeleteSubnetPool', {});
export type CreateSubnetPool = t.TypeOf<typeof CreateSubnetPool>;
export type UpdateSubnetPool = t.TypeOf<typeof UpdateSubnetPool>;
export type DeleteSubnetPool = t.TypeOf<typeof DeleteSubnetPool>;
