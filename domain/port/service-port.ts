import type { FixedIp, PortFields } from './port.js';

/**
 * A port the control plane makes for a router or a floating IP (device_owner network:router_gateway
 * or network:floatingip): no project of its own, no port security, no groups, never bound, as
 * Neutron makes them.
 */
export const servicePort = (fields: {
  id: string;
  network_id: string;
  device_id: string;
  device_owner: string;
  mac_address: string;
  fixed_ips: FixedIp[];
}): PortFields => ({
  ...fields,
  project_id: '',
  name: '',
  description: '',
  admin_state_up: true,
  security_groups: [],
  port_security_enabled: false,
  'binding:host_id': '',
  'binding:vnic_type': 'normal',
  tags: [],
  allowed_address_pairs: [],
  extra_dhcp_opts: [],
});
