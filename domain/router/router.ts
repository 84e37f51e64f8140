import * as t from 'io-ts';
import { changesWithAdditions, nullable, StandardAttributes, Tags, withAdditions } from '../common/codecs.js';
import { FixedIp } from '../port/port.js';
import { HostRoute } from '../subnet/subnet.js';

/** The router's leg on an external network; external_fixed_ips are its gateway port's addresses (absent in early events: none). */
export const ExternalGateway = withAdditions(
  t.type({ network_id: t.string, enable_snat: t.boolean }),
  t.partial({ external_fixed_ips: t.array(FixedIp) }),
);
export type ExternalGateway = t.TypeOf<typeof ExternalGateway>;

export const RouterCore = t.type({
  id: t.string,
  project_id: t.string,
  name: t.string,
  description: t.string,
  admin_state_up: t.boolean,
  external_gateway_info: nullable(ExternalGateway),
  /** Static routes (Neutron's extraroute). */
  routes: t.array(HostRoute),
  tags: Tags,
});

/** distributed: Neutron's DVR flag, kept as asked; every router here routes and NATs floating IPs on the hosts of its ports. */
export const RouterAdditions = t.partial({ distributed: t.boolean });

export const RouterFields = withAdditions(RouterCore, RouterAdditions);
export type RouterFields = t.TypeOf<typeof RouterFields>;

export const Router = t.intersection([RouterFields, StandardAttributes]);
export type Router = t.TypeOf<typeof Router>;

export const RouterChanges = changesWithAdditions(RouterCore, ['id', 'project_id'], RouterAdditions);
export type RouterChanges = t.TypeOf<typeof RouterChanges>;

export const streamOfRouter = (routerId: string): string => `router-${routerId}`;
