import * as t from 'io-ts';
import { RouterChanges, RouterFields } from './router.js';

export const CreateRouter = t.type({
  type: t.literal('CreateRouter'),
  router: RouterFields,
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
