import * as t from 'io-ts';
import { byIdCommand, nullable } from '../common/codecs.js';
import { FixedIpRequest } from '../port/commands.js';
import { RouterAdditions, RouterChanges, RouterCore } from './router.js';

/** A gateway as asked for: the external network, SNAT (on when absent), and the addresses wanted (absent: one chosen). */
export const GatewayRequest = t.intersection([
  t.type({ network_id: t.string }),
  t.partial({ enable_snat: t.boolean, external_fixed_ips: t.array(FixedIpRequest) }),
]);
export type GatewayRequest = t.TypeOf<typeof GatewayRequest>;

/** Id and random bits for a new gateway port's MAC, used when the decision makes one (domain/ draws no randomness). */
const NewGatewayPort = t.partial({ gateway_port_id: t.string, mac_entropy: t.string });

export const CreateRouter = t.intersection([
  t.type({
    type: t.literal('CreateRouter'),
    router: t.intersection([t.type({ ...RouterCore.props, external_gateway_info: nullable(GatewayRequest) }), RouterAdditions]),
  }),
  NewGatewayPort,
]);
export const UpdateRouter = t.intersection([
  t.type({
    type: t.literal('UpdateRouter'),
    id: t.string,
    /** external_gateway_info null clears the gateway. */
    changes: t.partial({ ...RouterChanges.props, external_gateway_info: nullable(GatewayRequest) }),
  }),
  t.partial({ if_revision: t.number }),
  NewGatewayPort,
]);
export const DeleteRouter = byIdCommand('DeleteRouter', {});
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
