import type { AddressGroup } from '../../domain/index.js';

export const addressGroupView = (g: AddressGroup) => ({
  id: g.id,
  name: g.name,
  project_id: g.project_id,
  addresses: g.addresses,
  description: g.description,
  tenant_id: g.project_id,
});
export type AddressGroupView = ReturnType<typeof addressGroupView>;
