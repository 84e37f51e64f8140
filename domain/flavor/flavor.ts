import * as t from 'io-ts';

/**
 * Neutron's service flavors: an operator's named offer of a service type (for us, L3 routing) and
 * the service profiles that implement it. Both kinds live in one stream: they are few, change
 * rarely, and an association spans a flavor and a profile.
 */
export const FlavorFields = t.type({
  id: t.string,
  name: t.string,
  description: t.string,
  service_type: t.string,
  enabled: t.boolean,
});
export type FlavorFields = t.TypeOf<typeof FlavorFields>;

export const FlavorChanges = t.partial({ name: t.string, description: t.string, enabled: t.boolean });
export type FlavorChanges = t.TypeOf<typeof FlavorChanges>;

export const ServiceProfileFields = t.type({
  id: t.string,
  description: t.string,
  driver: t.string,
  enabled: t.boolean,
  metainfo: t.string,
});
export type ServiceProfileFields = t.TypeOf<typeof ServiceProfileFields>;

export const ServiceProfileChanges = t.partial({ description: t.string, driver: t.string, enabled: t.boolean, metainfo: t.string });
export type ServiceProfileChanges = t.TypeOf<typeof ServiceProfileChanges>;

/** A flavor with the profiles associated with it, in association order. */
export interface Flavor extends FlavorFields {
  service_profiles: string[];
}

export const FLAVORS_STREAM = 'flavors';

/** The service types a flavor may offer: those of the services this server runs. */
export const SERVICE_TYPES: readonly string[] = ['L3_ROUTER_NAT', 'FLAVORS'];
