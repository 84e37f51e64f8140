import type { SubnetPool } from '../../domain/index.js';

/** As Neutron shows a subnet pool: its prefix lengths as strings, as its API has always answered them. */
export const subnetPoolView = (p: SubnetPool) => ({
  id: p.id,
  name: p.name,
  tenant_id: p.project_id,
  default_prefixlen: String(p.default_prefixlen),
  min_prefixlen: String(p.min_prefixlen),
  max_prefixlen: String(p.max_prefixlen),
  is_default: p.is_default,
  shared: p.shared,
  prefixes: p.prefixes,
  ip_version: p.ip_version,
  default_quota: p.default_quota,
  address_scope_id: p.address_scope_id,
  description: p.description,
  tags: p.tags,
  created_at: p.created_at,
  updated_at: p.updated_at,
  revision_number: p.revision_number,
  project_id: p.project_id,
});
export type SubnetPoolView = ReturnType<typeof subnetPoolView>;
