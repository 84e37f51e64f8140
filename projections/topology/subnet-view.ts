import type { Subnet } from '../../domain/index.js';

export const subnetView = (s: Subnet) => {
  return {
    id: s.id,
    name: s.name,
    tenant_id: s.project_id,
    project_id: s.project_id,
    network_id: s.network_id,
    ip_version: s.ip_version,
    subnetpool_id: s.subnetpool_id,
    enable_dhcp: s.enable_dhcp,
    ipv6_ra_mode: s.ipv6_ra_mode,
    ipv6_address_mode: s.ipv6_address_mode,
    gateway_ip: s.gateway_ip,
    cidr: s.cidr,
    allocation_pools: s.allocation_pools,
    host_routes: s.host_routes,
    dns_nameservers: s.dns_nameservers,
    service_types: [],
    segment_id: null,
    description: s.description,
    tags: s.tags,
    created_at: s.created_at,
    updated_at: s.updated_at,
    revision_number: s.revision_number,
  };
};
export type SubnetView = ReturnType<typeof subnetView>;
