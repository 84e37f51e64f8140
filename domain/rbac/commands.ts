import * as t from 'io-ts';
import { RbacPolicyChanges, RbacPolicyFields } from './rbac-policy.js';

export const CreateRbacPolicy = t.type({ type: t.literal('CreateRbacPolicy'), policy: RbacPolicyFields });
export const UpdateRbacPolicy = t.intersection([
  t.type({ type: t.literal('UpdateRbacPolicy'), id: t.string, changes: RbacPolicyChanges }),
  t.partial({ if_revision: t.number }),
]);
export const DeleteRbacPolicy = t.intersection([
  t.type({ type: t.literal('DeleteRbacPolicy'), id: t.string }),
  t.partial({ if_revision: t.number }),
]);
export type CreateRbacPolicy = t.TypeOf<typeof CreateRbacPolicy>;
export type UpdateRbacPolicy = t.TypeOf<typeof UpdateRbacPolicy>;
export type DeleteRbacPolicy = t.TypeOf<typeof DeleteRbacPolicy>;
