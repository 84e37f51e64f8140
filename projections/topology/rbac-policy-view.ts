import type { RbacPolicy } from '../../domain/index.js';

export const rbacPolicyView = (p: RbacPolicy) => ({
  id: p.id,
  project_id: p.project_id,
  action: p.action,
  object_id: p.object_id,
  target_tenant: p.target_tenant,
  object_type: p.object_type,
  tenant_id: p.project_id,
});
export type RbacPolicyView = ReturnType<typeof rbacPolicyView>;
