import { addressPairsOf, dhcpOptionsOf, statusOf, type Port } from '../../domain/index.js';

/**
 * A port's status is ACTIVE once its host's agent applied the diff that brought it (a
 * PortStatusChanged in the log); until then, and once unbound, down, or its agent silent, DOWN.
 */
export const portView = (port: Port, hostRegistered: boolean) => ({
  id: port.id,
  name: port.name,
  network_id: port.network_id,
  tenant_id: port.project_id,
  project_id: port.project_id,
  mac_address: port.mac_address,
  admin_state_up: port.admin_state_up,
  status: statusOf(port),
  device_id: port.device_id,
  device_owner: port.device_owner,
  fixed_ips: port.fixed_ips,
  allowed_address_pairs: addressPairsOf(port),
  extra_dhcp_opts: dhcpOptionsOf(port),
  security_groups: port.security_groups,
  port_security_enabled: port.port_security_enabled,
  'binding:host_id': port['binding:host_id'],
  'binding:vnic_type': port['binding:vnic_type'],
  'binding:vif_type': port['binding:host_id'] === '' ? 'unbound' : hostRegistered ? 'ovs' : 'binding_failed',
  'binding:vif_details': {},
  'binding:profile': {},
  description: port.description,
  tags: port.tags,
  created_at: port.created_at,
  updated_at: port.updated_at,
  revision_number: port.revision_number,
});
export type PortView = ReturnType<typeof portView>;
