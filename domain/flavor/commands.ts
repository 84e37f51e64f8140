import * as t from 'io-ts';
import { FlavorChanges, FlavorFields, ServiceProfileChanges, ServiceProfileFields } from './flavor.js';

export const CreateFlavor = t.type({ type: t.literal('CreateFlavor'), flavor: FlavorFields });
export const UpdateFlavor = t.type({ type: t.literal('UpdateFlavor'), id: t.string, changes: FlavorChanges });
export const DeleteFlavor = t.type({ type: t.literal('DeleteFlavor'), id: t.string });
export const CreateServiceProfile = t.type({ type: t.literal('CreateServiceProfile'), profile: ServiceProfileFields });
export const UpdateServiceProfile = t.type({ type: t.literal('UpdateServiceProfile'), id: t.string, changes: ServiceProfileChanges });
export const DeleteServiceProfile = t.type({ type: t.literal('DeleteServiceProfile'), id: t.string });
export const AssociateFlavorProfile = t.type({ type: t.literal('AssociateFlavorProfile'), flavor_id: t.string, profile_id: t.string });
export const DisassociateFlavorProfile = t.type({ type: t.literal('DisassociateFlavorProfile'), flavor_id: t.string, profile_id: t.string });
export type CreateFlavor = t.TypeOf<typeof CreateFlavor>;
export type UpdateFlavor = t.TypeOf<typeof UpdateFlavor>;
export type DeleteFlavor = t.TypeOf<typeof DeleteFlavor>;
export type CreateServiceProfile = t.TypeOf<typeof CreateServiceProfile>;
export type UpdateServiceProfile = t.TypeOf<typeof UpdateServiceProfile>;
export type DeleteServiceProfile = t.TypeOf<typeof DeleteServiceProfile>;
export type AssociateFlavorProfile = t.TypeOf<typeof AssociateFlavorProfile>;
export type DisassociateFlavorProfile = t.TypeOf<typeof DisassociateFlavorProfile>;
