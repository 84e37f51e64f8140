import * as t from 'io-ts';
import { nullable, Tags } from '../common/codecs.js';
import { HostRoute } from '../subnet/subnet.js';
import { ExternalGateway, RouterChanges } from './router.js';

export const CreateRouter = t.type({
  type: t.literal('CreateRouter'),
  router: t.type({
    id: t.string,
    project_id: t.string,
    name: t.string,
    description: t.string,
    admin_state_up: t.boolean,
    external_gateway_info: nullable(ExternalGateway),
    routes: t.array(HostRoute),
    tags: Tags,
  }),
});
export const UpdateRouter = t.intersection([
  t.type({ type: t.literal('UpdateRouter'), id: t.string, changes: RouterChanges }),
  t.partial({ if_revision: t.number }),
]);
export const DeleteRouter = t.intersection([
  t.type({ type: t.literal('DeleteRouter'), id: t.string }),
  t.partial({ if_revision: t.number }),
]);
/** Attach by subnet (a new port takes the subnet's gateway ip) or by an existing port. */
export const AddRouterInterface = t.intersection([
  t.type({ type: t.literal('AddRouterInterface'), router_id: t.string, new_port_id: t.string, mac_entropy: t.string }),
  t.partial({ subnet_id: t.string, port_id: t.string }),
]);
export const RemoveRouterInterface = t.intersection([
  t.type({ type: t.literal('RemoveRouterInterface'), router_id: t.string }),
  t.partial({ subnet_id: t.string, port_id: t.string }),
]);
export type CreateRouter = t.TypeOf<typeof CreateRouter>;
export type UpdateRouter = t.TypeOf<typeof UpdateRouter>;
export type DeleteRouter = t.TypeOf<typeof DeleteRouter>;
export type AddRouterInterface = t.TypeOf<typeof AddRouterInterface>;
export type RemoveRouterInterface = t.TypeOf<typeof RemoveRouterInterface>;
