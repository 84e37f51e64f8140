import * as t from 'io-ts';
import { createdWith } from '../common/codecs.js';
import { SubnetPoolChanges, SubnetPoolFields } from './subnet-pool.js';

export const CreateSubnetPool = t.type({
  type: t.literal('CreateSubnetPool'),
  /** Absent: ip_version from the prefixes, Neutron's prefix bounds (min 8 or 64, max 32 or 128, default = min), no quota, no scope. */
  pool: createdWith(SubnetPoolFields, ['ip_version', 'default_prefixlen', 'min_prefixlen', 'max_prefixlen', 'default_quota', 'address_scope_id']),
});
export const UpdateSubnetPool = t.intersection([
  t.type({ type: t.literal('UpdateSubnetPool'), id: t.string, changes: SubnetPoolChanges }),
  t.partial({ if_revision: t.number }),
]);
export const DeleteSubnetPool = t.intersection([
  t.type({ type: t.literal('DeleteSubnetPool'), id: t.string }),
  t.partial({ if_revision: t.number }),
]);
export type CreateSubnetPool = t.TypeOf<typeof CreateSubnetPool>;
export type UpdateSubnetPool = t.TypeOf<typeof UpdateSubnetPool>;
export type DeleteSubnetPool = t.TypeOf<typeof DeleteSubnetPool>;
