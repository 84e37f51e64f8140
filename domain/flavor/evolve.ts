import type { World } from '../world.js';
import type {
  FlavorCreated,
  FlavorDeleted,
  FlavorProfileAssociated,
  FlavorProfileDisassociated,
  FlavorUpdated,
  ServiceProfileCreated,
  ServiceProfileDeleted,
  ServiceProfileUpdated,
} from './events.js';

export const flavorCreated = (world: World, event: FlavorCreated): void => {
  world.flavors.set(event.data.flavor.id, { ...event.data.flavor, service_profiles: [] });
};

export const flavorUpdated = (world: World, event: FlavorUpdated): void => {
  const flavor = world.flavors.get(event.data.id)!;
  world.flavors.set(flavor.id, { ...flavor, ...event.data.changes });
};

export const flavorDeleted = (world: World, event: FlavorDeleted): void => {
  world.flavors.delete(event.data.id);
};

export const serviceProfileCreated = (world: World, event: ServiceProfileCreated): void => {
  world.serviceProfiles.set(event.data.profile.id, event.data.profile);
};

export const serviceProfileUpdated = (world: World, event: ServiceProfileUpdated): void => {
  const profile = world.serviceProfiles.get(event.data.id)!;
  world.serviceProfiles.set(profile.id, { ...profile, ...event.data.changes });
};

export const serviceProfileDeleted = (world: World, event: ServiceProfileDeleted): void => {
  world.serviceProfiles.delete(event.data.id);
};

export const flavorProfileAssociated = (world: World, event: FlavorProfileAssociated): void => {
  const flavor = world.flavors.get(event.data.flavor_id)!;
  world.flavors.set(flavor.id, { ...flavor, service_profiles: [...flavor.service_profiles, event.data.profile_id] });
};

export const flavorProfileDisassociated = (world: World, event: FlavorProfileDisassociated): void => {
  const flavor = world.flavors.get(event.data.flavor_id)!;
  world.flavors.set(flavor.id, { ...flavor, service_profiles: flavor.service_profiles.filter((p) => p !== event.data.profile_id) });
};
