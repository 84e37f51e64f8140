import * as t from 'io-ts';
import { Tags } from '../common/codecs.js';
import { PortChanges } from './port.js';

/** A requested fixed IP: a subnet, an address, or both (Neutron's fixed_ips entry). */
export const FixedIpRequest = t.partial({ subnet_id: t.string, ip_address: t.string });
export type FixedIpRequest = t.TypeOf<typeof FixedIpRequest>;

export const AddressPairRequest = t.intersection([t.type({ ip_address: t.string }), t.partial({ mac_address: t.string })]);
export type AddressPairRequest = t.TypeOf<typeof AddressPairRequest>;

/** A null value removes the option of that name (on update). */
export const DhcpOptionRequest = t.intersection([
  t.type({ opt_name: t.string, opt_value: t.union([t.string, t.null]) }),
  t.partial({ ip_version: t.union([t.literal(4), t.literal(6)]) }),
]);
export type DhcpOptionRequest = t.TypeOf<typeof DhcpOptionRequest>;

export const PortRequest = t.intersection([
  t.type({
    id: t.string,
    network_id: t.string,
    project_id: t.string,
    name: t.string,
    description: t.string,
    admin_state_up: t.boolean,
    device_id: t.string,
    device_owner: t.string,
    'binding:host_id': t.string,
    'binding:vnic_type': t.string,
    tags: Tags,
    /** Random bits from the caller, turned into a MAC when none is requested (domain/ draws no randomness). */
    mac_entropy: t.string,
  }),
  t.partial({
    mac_address: t.string,
    /** Absent: one address from the network's first IPv4 and first IPv6 subnet with room. */
    fixed_ips: t.array(FixedIpRequest),
    /** Absent: the project's default group. */
    security_groups: t.array(t.string),
    /** Absent: the network's port_security_enabled. */
    port_security_enabled: t.boolean,
    allowed_address_pairs: t.array(AddressPairRequest),
    extra_dhcp_opts: t.array(DhcpOptionRequest),
  }),
]);
export type PortRequest = t.TypeOf<typeof PortRequest>;

/** One or many ports of one network, decided and appended together, all or none. */
export const CreatePorts = t.type({ type: t.literal('CreatePorts'), ports: t.array(PortRequest) });
export const UpdatePort = t.intersection([
  t.type({
    type: t.literal('UpdatePort'),
    id: t.string,
    /** fixed_ips as requested; the decider turns them into addresses. */
    changes: t.partial({
      ...PortChanges.props,
      fixed_ips: t.array(FixedIpRequest),
      allowed_address_pairs: t.array(AddressPairRequest),
      extra_dhcp_opts: t.array(DhcpOptionRequest),
    }),
  }),
  t.partial({ if_revision: t.number }),
]);
export const DeletePort = t.intersection([
  t.type({ type: t.literal('DeletePort'), id: t.string }),
  t.partial({ if_revision: t.number, by_router: t.boolean }),
]);
export type CreatePorts = t.TypeOf<typeof CreatePorts>;
export type UpdatePort = t.TypeOf<typeof UpdatePort>;
export type DeletePort = t.TypeOf<typeof DeletePort>;
