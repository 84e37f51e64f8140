import * as t from 'io-ts';
import { byIdCommand } from '../common/codecs.js';
import { RbacPolicyChanges, RbacPolicyFields } from './rbac-policy.js';

export const CreateRbacPolicy = t.type({ type: t.literal('CreateRbacPolicy'), policy: RbacPolicyFields });
export const UpdateRbacPolicy = byIdCommand('UpdateRbacPolicy', { changes: RbacPolicyChanges });
export const DeleteRbacPolicy = byIdCommand('DeleteRbacPolicy', {});
export type CreateRbacPolicy = t.TypeOf<typeof CreateRbacPolicy>;
export type UpdateRbacPolicy = t.TypeOf<typeof UpdateRbacPolicy>;
export type DeleteRbacPolicy = t.TypeOf<typeof DeleteRbacPolicy>;
