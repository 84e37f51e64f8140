import type { AddressScope } from '../../domain/index.js';

/** As Neutron shows an address scope: without the standard attributes (it has none there). */
export const addressScopeView = (s: AddressScope) => ({
  id: s.id,
  project_id: s.project_id,
  name: s.name,
  shared: s.shared,
  ip_version: s.ip_version,
  tenant_id: s.project_id,
});
export type AddressScopeView = ReturnType<typeof addressScopeView>;
