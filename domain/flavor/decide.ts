import * as E from 'fp-ts/lib/Either.js';
import { appendTo, decided, writing, type Decider, type Decision } from '../common/decision.js';
import { domainError } from '../common/errors.js';
import type { DomainEvent } from '../events.js';
import type { World } from '../world.js';
import type {
  AssociateFlavorProfile,
  CreateFlavor,
  CreateServiceProfile,
  DeleteFlavor,
  DeleteServiceProfile,
  DisassociateFlavorProfile,
  UpdateFlavor,
  UpdateServiceProfile,
} from './commands.js';
import { FLAVORS_STREAM, SERVICE_TYPES, type ServiceProfileFields } from './flavor.js';

const flavorNotFound = (id: string) => domainError('FlavorNotFound', `Flavor ${id} could not be found.`);
const profileNotFound = (id: string) => domainError('ServiceProfileNotFound', `Service Profile ${id} could not be found.`);
const append = (world: World, event: DomainEvent): Decision => decided(appendTo(world, FLAVORS_STREAM, [event]));

/** No profile driver is loaded here, so a profile is its metainfo alone (Neutron needs one or the other). */
const checkProfile = (profile: Pick<ServiceProfileFields, 'driver' | 'metainfo'>) => {
  if (profile.driver !== '') return E.left(domainError('ServiceProfileDriverNotFound', `Service Profile driver ${profile.driver} could not be found.`));
  if (profile.metainfo === '') return E.left(domainError('ServiceProfileEmpty', 'Service Profile needs either a driver or metainfo.'));
  return E.right(undefined);
};

export const decideCreateFlavor = ({ flavor }: CreateFlavor, world: World): Decision => {
  if (world.flavors.has(flavor.id)) return E.left(domainError('Conflict', `Flavor ${flavor.id} already exists.`));
  if (!SERVICE_TYPES.includes(flavor.service_type)) return E.left(domainError('InvalidServiceType', `Invalid service type: ${flavor.service_type}.`));
  return append(world, { type: 'FlavorCreated', version: 1, data: { flavor } });
};

export const decideUpdateFlavor = ({ id, changes }: UpdateFlavor, world: World): Decision =>
  world.flavors.has(id) ? append(world, { type: 'FlavorUpdated', version: 1, data: { id, changes } }) : E.left(flavorNotFound(id));

export const decideDeleteFlavor = ({ id }: DeleteFlavor, world: World): Decision =>
  world.flavors.has(id) ? append(world, { type: 'FlavorDeleted', version: 1, data: { id } }) : E.left(flavorNotFound(id));

export const decideCreateServiceProfile = ({ profile }: CreateServiceProfile, world: World): Decision => {
  if (world.serviceProfiles.has(profile.id)) return E.left(domainError('Conflict', `Service Profile ${profile.id} already exists.`));
  const checked = checkProfile(profile);
  return E.isLeft(checked) ? checked : append(world, { type: 'ServiceProfileCreated', version: 1, data: { profile } });
};

export const decideUpdateServiceProfile = ({ id, changes }: UpdateServiceProfile, world: World): Decision => {
  const profile = world.serviceProfiles.get(id);
  if (!profile) return E.left(profileNotFound(id));
  const checked = checkProfile({ ...profile, ...changes });
  return E.isLeft(checked) ? checked : append(world, { type: 'ServiceProfileUpdated', version: 1, data: { id, changes } });
};

/** A profile a flavor still names stays: Neutron calls it in use. */
export const decideDeleteServiceProfile = ({ id }: DeleteServiceProfile, world: World): Decision => {
  if (!world.serviceProfiles.has(id)) return E.left(profileNotFound(id));
  if ([...world.flavors.values()].some((flavor) => flavor.service_profiles.includes(id)))
    return E.left(domainError('ServiceProfileInUse', `Service Profile ${id} is used by some service instance.`));
  return append(world, { type: 'ServiceProfileDeleted', version: 1, data: { id } });
};

export const decideAssociateFlavorProfile = ({ flavor_id, profile_id }: AssociateFlavorProfile, world: World): Decision => {
  const flavor = world.flavors.get(flavor_id);
  if (!flavor) return E.left(flavorNotFound(flavor_id));
  if (!world.serviceProfiles.has(profile_id)) return E.left(profileNotFound(profile_id));
  if (flavor.service_profiles.includes(profile_id))
    return E.left(domainError('FlavorServiceProfileBindingExists', `Service Profile ${profile_id} is already associated with flavor ${flavor_id}.`));
  return append(world, { type: 'FlavorProfileAssociated', version: 1, data: { flavor_id, profile_id } });
};

export const decideDisassociateFlavorProfile = ({ flavor_id, profile_id }: DisassociateFlavorProfile, world: World): Decision => {
  const flavor = world.flavors.get(flavor_id);
  if (!flavor) return E.left(flavorNotFound(flavor_id));
  if (!flavor.service_profiles.includes(profile_id))
    return E.left(domainError('FlavorServiceProfileBindingNotFound', `Service Profile ${profile_id} is not associated with flavor ${flavor_id}.`));
  return append(world, { type: 'FlavorProfileDisassociated', version: 1, data: { flavor_id, profile_id } });
};

/** Flavors and profiles are decided in their one stream. */
const inFlavorsStream = <C>(decide: (command: C, world: World) => Decision): Decider<C> => ({ streams: () => writing(FLAVORS_STREAM), decide });

export const createFlavor = inFlavorsStream(decideCreateFlavor);
export const updateFlavor = inFlavorsStream(decideUpdateFlavor);
export const deleteFlavor = inFlavorsStream(decideDeleteFlavor);
export const createServiceProfile = inFlavorsStream(decideCreateServiceProfile);
export const updateServiceProfile = inFlavorsStream(decideUpdateServiceProfile);
export const deleteServiceProfile = inFlavorsStream(decideDeleteServiceProfile);
export const associateFlavorProfile = inFlavorsStream(decideAssociateFlavorProfile);
export const disassociateFlavorProfile = inFlavorsStream(decideDisassociateFlavorProfile);
