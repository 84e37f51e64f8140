import * as t from 'io-ts';
import { byIdCommand, createdWith } from '../common/codecs.js';
import { NetworkAdditions, NetworkChanges, NetworkCore } from './network.js';

/** Ids of the wildcard RBAC policies that `shared` and `router:external` stand for, should they be created. */
const WildcardPolicyIds = t.partial({ access_as_shared: t.string, access_as_external: t.string });

/** One network of a create. */
export const NetworkRequest = t.intersection([
  t.type({
    /** Absent: the default MTU, and the next free segmentation id. */
    network: t.intersection([createdWith(NetworkCore, ['mtu', 'segmentation_id']), NetworkAdditions]),
  }),
  t.partial({ wildcard_policy_ids: WildcardPolicyIds }),
]);
/** The networks of one create, a bulk one or one alone: one append, all or nothing. */
export const CreateNetworks = t.type({ type: t.literal('CreateNetworks'), networks: t.array(NetworkRequest) });
export const UpdateNetwork = t.intersection([
  t.type({ type: t.literal('UpdateNetwork'), id: t.string, changes: NetworkChanges }),
  t.partial({ if_revision: t.number, wildcard_policy_ids: WildcardPolicyIds }),
]);
export const DeleteNetwork = byIdCommand('DeleteNetwork', {});
export type NetworkRequest = t.TypeOf<typeof NetworkRequest>;
export type CreateNetworks = t.TypeOf<typeof CreateNetworks>;
export type UpdateNetwork = t.TypeOf<typeof UpdateNetwork>;
export type DeleteNetwork = t.TypeOf<typeof DeleteNetwork>;
