import * as t from 'io-ts';
import { nullable, Tags } from '../common/codecs.js';
import { AllocationPool, HostRoute, SubnetChanges } from './subnet.js';

export const CreateSubnet = t.type({
  type: t.literal('CreateSubnet'),
  subnet: t.intersection([
    t.type({
      id: t.string,
      network_id: t.string,
      project_id: t.string,
      name: t.string,
      description: t.string,
      ip_version: t.union([t.literal(4), t.literal(6)]),
      cidr: t.string,
      dns_nameservers: t.array(t.string),
      host_routes: t.array(HostRoute),
      enable_dhcp: t.boolean,
      ipv6_ra_mode: nullable(t.string),
      ipv6_address_mode: nullable(t.string),
      tags: Tags,
    }),
    /** Absent: Neutron's default (first usable address, whole range as the pool). */
    t.partial({ gateway_ip: nullable(t.string), allocation_pools: t.array(AllocationPool) }),
  ]),
});
export const UpdateSubnet = t.intersection([
  t.type({ type: t.literal('UpdateSubnet'), id: t.string, changes: SubnetChanges }),
  t.partial({ if_revision: t.number }),
]);
export const DeleteSubnet = t.intersection([
  t.type({ type: t.literal('DeleteSubnet'), id: t.string }),
  t.partial({ if_revision: t.number }),
]);
export type CreateSubnet = t.TypeOf<typeof CreateSubnet>;
export type UpdateSubnet = t.TypeOf<typeof UpdateSubnet>;
export type DeleteSubnet = t.TypeOf<typeof DeleteSubnet>;
