import type { Flavor, ServiceProfile } from '../../domain/index.js';

/** Flavors and service profiles as Neutron shows them: no project, no standard attributes. */
export const flavorView = (flavor: Flavor) => ({
  id: flavor.id,
  name: flavor.name,
  description: flavor.description,
  service_type: flavor.service_type,
  enabled: flavor.enabled,
  service_profiles: [...flavor.service_profiles],
});
export type FlavorView = ReturnType<typeof flavorView>;

export const serviceProfileView = (profile: ServiceProfile) => ({
  id: profile.id,
  description: profile.description,
  driver: profile.driver,
  enabled: profile.enabled,
  metainfo: profile.metainfo,
});
export type ServiceProfileView = ReturnType<typeof serviceProfileView>;
