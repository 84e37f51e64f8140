import * as t from 'io-ts';
import { nullable, Tags } from '../common/codecs.js';
import { NetworkChanges } from './network.js';

export const CreateNetwork = t.type({
  type: t.literal('CreateNetwork'),
  network: t.intersection([
    t.type({
      id: t.string,
      project_id: t.string,
      name: t.string,
      description: t.string,
      admin_state_up: t.boolean,
      shared: t.boolean,
      'router:external': t.boolean,
      cidr: nullable(t.string),
      tags: Tags,
    }),
    t.partial({ mtu: t.number, segmentation_id: t.number }),
  ]),
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
