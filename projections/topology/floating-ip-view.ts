import { portOf, statusOf, type FloatingIp, type World } from '../../domain/index.js';

/**
 * A floating IP as Neutron shows it, with port_details of the port it is mapped onto. It is ACTIVE
 * once that port is: its host's agent has applied it (and with it the NAT entry).
 */
export const floatingIpView = (world: World, floatingIp: FloatingIp) => {
  const port = floatingIp.port_id === null ? undefined : portOf(world, floatingIp.port_id);
  return {
    id: floatingIp.id,
    tenant_id: floatingIp.project_id,
    project_id: floatingIp.project_id,
    floating_ip_address: floatingIp.floating_ip_address,
    floating_network_id: floatingIp.floating_network_id,
    router_id: floatingIp.router_id,
    port_id: floatingIp.port_id,
    fixed_ip_address: floatingIp.fixed_ip_address,
    status: port && statusOf(port) === 'ACTIVE' ? 'ACTIVE' : 'DOWN',
    description: floatingIp.description,
    port_details: port
      ? {
          name: port.name,
          network_id: port.network_id,
          mac_address: port.mac_address,
          admin_state_up: port.admin_state_up,
          status: statusOf(port),
          device_id: port.device_id,
          device_owner: port.device_owner,
        }
      : null,
    tags: floatingIp.tags,
    created_at: floatingIp.created_at,
    updated_at: floatingIp.updated_at,
    revision_number: floatingIp.revision_number,
  };
};
export type FloatingIpView = ReturnType<typeof floatingIpView>;
