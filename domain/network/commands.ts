import * as t from 'io-ts';
import { byIdCommand, createdWith } from '../common/codecs.js';
import { NetworkAdditions, NetworkChanges, NetworkCore } from './network.js';

/** Ids of the wildcard RBAC policies that `shared` and `router:external` stand for, should they be created. */
const WildcardPolicyIds = t.partial({ access_as_shared: t.string, access_as_external: t.string });

export const CreateNetwork = t.intersection([
  t.type({
    type: t.literal('CreateNetwork'),
    /** Absent: the default MTU, and the next free segmentation id. */
    network: t.intersection([createdWith(NetworkCore, ['mtu', 'segmentation_id']), NetworkAdditions]),
  }),
  t.partial({ wildcard_policy_ids: WildcardPolicyIds }),
]);
export const UpdateNetwork = t.intersection([
  t.type({ type: t.literal('UpdateNetwork'), id: t.string, changes: NetworkChanges }),
  t.partial({ if_revision: t.number, wildcard_policy_ids: WildcardPolicyIds }),
]);
export const DeleteNetwork = byIdCommand('DeleteNetwork', {});
export type CreateNetwork = t.TypeOf<typeof CreateNetwork>;
export type UpdateNetwork = t.TypeOf<typeof UpdateNetwork>;
export type DeleteNetwork = t.TypeOf<typeof DeleteNetwork>;
