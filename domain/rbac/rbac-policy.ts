import * as t from 'io-ts';
import { StandardAttributes } from '../common/codecs.js';

export const RBAC_ACTIONS = ['access_as_shared', 'access_as_external'] as const;
export const RbacAction = t.union([t.literal('access_as_shared'), t.literal('access_as_external')]);
export type RbacAction = t.TypeOf<typeof RbacAction>;

/** Every project: the target of the policy `shared: true` (or `router:external: true`) stands for. */
export const ANY_PROJECT = '*';

/** A grant on a network to a project (or to every project): use it as shared, or as an external network. */
export const RbacPolicyFields = t.type({
  id: t.string,
  project_id: t.string,
  object_type: t.literal('network'),
  object_id: t.string,
  action: RbacAction,
  target_tenant: t.string,
});
export type RbacPolicyFields = t.TypeOf<typeof RbacPolicyFields>;

export const RbacPolicy = t.intersection([RbacPolicyFields, StandardAttributes]);
export type RbacPolicy = t.TypeOf<typeof RbacPolicy>;

export const RbacPolicyChanges = t.partial({ target_tenant: t.string });
export type RbacPolicyChanges = t.TypeOf<typeof RbacPolicyChanges>;
