import type { Router } from '../../domain/index.js';

export const routerView = (router: Router) => ({
  id: router.id,
  name: router.name,
  tenant_id: router.project_id,
  project_id: router.project_id,
  admin_state_up: router.admin_state_up,
  status: 'ACTIVE',
  external_gateway_info: router.external_gateway_info && { ...router.external_gateway_info, external_fixed_ips: router.external_gateway_info.external_fixed_ips ?? [] },
  routes: router.routes,
  distributed: router.distributed ?? false,
  ha: false,
  availability_zone_hints: [],
  availability_zones: [],
  flavor_id: null,
  description: router.description,
  tags: router.tags,
  created_at: router.created_at,
  updated_at: router.updated_at,
  revision_number: router.revision_number,
});
export type RouterView = ReturnType<typeof routerView>;
