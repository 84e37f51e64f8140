import * as t from 'io-ts';
import { changesOf, StandardAttributes, Tags } from '../common/codecs.js';

export const FixedIp = t.type({ subnet_id: t.string, ip_address: t.string });
export type FixedIp = t.TypeOf<typeof FixedIp>;

export const PortFields = t.type({
  id: t.string,
  network_id: t.string,
  project_id: t.string,
  name: t.string,
  description: t.string,
  admin_state_up: t.boolean,
  mac_address: t.string,
  fixed_ips: t.array(FixedIp),
  device_id: t.string,
  device_owner: t.string,
  security_groups: t.array(t.string),
  port_security_enabled: t.boolean,
  'binding:host_id': t.string,
  'binding:vnic_type': t.string,
  tags: Tags,
});
export type PortFields = t.TypeOf<typeof PortFields>;

export const Port = t.intersection([PortFields, StandardAttributes]);
export type Port = t.TypeOf<typeof Port>;

export const PortChanges = changesOf(PortFields, ['id', 'network_id', 'project_id']);
export type PortChanges = t.TypeOf<typeof PortChanges>;

export const ROUTER_INTERFACE_OWNER = 'network:router_interface';
export const ROUTER_GATEWAY_OWNER = 'network:router_gateway';
export const isRouterOwned = (deviceOwner: string): boolean =>
  deviceOwner === ROUTER_INTERFACE_OWNER || deviceOwner === ROUTER_GATEWAY_OWNER;
