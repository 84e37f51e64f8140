import * as t from 'io-ts';
import { StandardAttributes } from '../common/codecs.js';

/** An address scope: subnet pools in one scope never hand out overlapping prefixes (routable without NAT). */
export const AddressScopeFields = t.type({
  id: t.string,
  project_id: t.string,
  name: t.string,
  shared: t.boolean,
  ip_version: t.union([t.literal(4), t.literal(6)]),
});
export type AddressScopeFields = t.TypeOf<typeof AddressScopeFields>;

export const AddressScope = t.intersection([AddressScopeFields, StandardAttributes]);
export type AddressScope = t.TypeOf<typeof AddressScope>;

export const AddressScopeChanges = t.partial({ name: t.string, shared: t.boolean });
export type AddressScopeChanges = t.TypeOf<typeof AddressScopeChanges>;
