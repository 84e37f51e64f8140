import * as t from 'io-ts';
import { createdWith } from '../common/codecs.js';
import { NetworkAdditions, NetworkChanges, NetworkCore } from './network.js';

export const CreateNetwork = t.type({
  type: t.literal('CreateNetwork'),
  /** Absent: the default MTU, and the next free segmentation id. */
  network: t.intersection([createdWith(NetworkCore, ['mtu', 'segmentation_id']), NetworkAdditions]),
});
export const UpdateNetwork = t.intersection([
  t.type({ type: t.literal('UpdateNetwork'), id: t.string, changes: NetworkChanges }),
  t.partial({ if_revision: t.number }),
]);
export const DeleteNetwork = t.intersection([
  t.type({ type: t.literal('DeleteNetwork'), id: t.string }),
  t.partial({ if_revision: t.number }),
]);
export type CreateNetwork = t.TypeOf<typeof CreateNetwork>;
export type UpdateNetwork = t.TypeOf<typeof UpdateNetwork>;
export type DeleteNetwork = t.TypeOf<typeof DeleteNetwork>;
