import * as t from 'io-ts';
import { changesOf, nullable, StandardAttributes, Tags } from '../common/codecs.js';
import { HostRoute } from '../subnet/subnet.js';

export const ExternalGateway = t.type({
  network_id: t.string,
  enable_snat: t.boolean,
});
export type ExternalGateway = t.TypeOf<typeof ExternalGateway>;

export const RouterFields = t.type({
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
export type RouterFields = t.TypeOf<typeof RouterFields>;

export const Router = t.intersection([RouterFields, StandardAttributes]);
export type Router = t.TypeOf<typeof Router>;

export const RouterChanges = changesOf(RouterFields, ['id', 'project_id']);
export type RouterChanges = t.TypeOf<typeof RouterChanges>;

export const streamOfRouter = (routerId: string): string => `router-${routerId}`;
