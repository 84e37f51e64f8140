import * as t from 'io-ts';
import { StandardAttributes } from '../common/codecs.js';

/** A named set of address blocks that security group rules can name as their remote end. */
export const AddressGroupFields = t.type({
  id: t.string,
  project_id: t.string,
  name: t.string,
  description: t.string,
  /** Canonical blocks, in text order. */
  addresses: t.array(t.string),
});
export type AddressGroupFields = t.TypeOf<typeof AddressGroupFields>;

export const AddressGroup = t.intersection([AddressGroupFields, StandardAttributes]);
export type AddressGroup = t.TypeOf<typeof AddressGroup>;

export const AddressGroupChanges = t.partial({ name: t.string, description: t.string });
export type AddressGroupChanges = t.TypeOf<typeof AddressGroupChanges>;
