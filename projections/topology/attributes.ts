import type { FlavorView, ServiceProfileView } from './flavor-view.js';
import type { FloatingIpView } from './floating-ip-view.js';
import type { HostView } from './host-view.js';
import type { NetworkView } from './network-view.js';
import type { PortView } from './port-view.js';
import type { RouterView } from './router-view.js';
import type { SecurityGroupRuleView, SecurityGroupView } from './security-group-view.js';
import type { SubnetView } from './subnet-view.js';
import type { AddressScopeView } from './address-scope-view.js';
import type { SubnetPoolView } from './subnet-pool-view.js';
import type { RbacPolicyView } from './rbac-policy-view.js';
import type { AddressGroupView } from './address-group-view.js';

/** Every attribute of a view, checked by the compiler: what lists may filter and sort on. */
const attributesOf = <V>(keys: Record<keyof V, true>): ReadonlySet<string> => new Set(Object.keys(keys));

const standard = { description: true, created_at: true, updated_at: true, revision_number: true } as const;
const owned = { id: true, name: true, tenant_id: true, project_id: true, tags: true, ...standard } as const;

export const attributes = {
  networks: attributesOf<NetworkView>({
    ...owned, admin_state_up: true, status: true, subnets: true, shared: true, mtu: true, 'router:external': true,
    'provider:network_type': true, 'provider:physical_network': true, 'provider:segmentation_id': true,
    port_security_enabled: true, availability_zone_hints: true, availability_zones: true, ipv4_address_scope: true,
    ipv6_address_scope: true, cidr: true, is_default: true,
  }),
  subnets: attributesOf<SubnetView>({
    ...owned, network_id: true, ip_version: true, subnetpool_id: true, enable_dhcp: true, ipv6_ra_mode: true,
    ipv6_address_mode: true, gateway_ip: true, cidr: true, allocation_pools: true, host_routes: true, dns_nameservers: true,
    service_types: true, segment_id: true,
  }),
  ports: attributesOf<PortView>({
    ...owned, network_id: true, mac_address: true, admin_state_up: true, status: true, device_id: true, device_owner: true,
    fixed_ips: true, allowed_address_pairs: true, extra_dhcp_opts: true, security_groups: true, port_security_enabled: true,
    'binding:host_id': true, 'binding:vnic_type': true, 'binding:vif_type': true, 'binding:vif_details': true, 'binding:profile': true,
  }),
  security_groups: attributesOf<SecurityGroupView>({ ...owned, stateful: true, shared: true, security_group_rules: true }),
  security_group_rules: attributesOf<SecurityGroupRuleView>({
    id: true, tenant_id: true, project_id: true, ...standard, security_group_id: true, direction: true, ethertype: true,
    protocol: true, port_range_min: true, port_range_max: true, remote_ip_prefix: true, remote_group_id: true,
    remote_address_group_id: true, normalized_cidr: true, belongs_to_default_sg: true,
  }),
  routers: attributesOf<RouterView>({
    ...owned, admin_state_up: true, status: true, external_gateway_info: true, routes: true, distributed: true, ha: true,
    availability_zone_hints: true, availability_zones: true, flavor_id: true,
  }),
  floatingips: attributesOf<FloatingIpView>({
    id: true, tenant_id: true, project_id: true, tags: true, ...standard, floating_ip_address: true, floating_network_id: true,
    router_id: true, port_id: true, fixed_ip_address: true, status: true, port_details: true,
  }),
  address_scopes: attributesOf<AddressScopeView>({ id: true, project_id: true, tenant_id: true, name: true, shared: true, ip_version: true }),
  subnetpools: attributesOf<SubnetPoolView>({
    ...owned, default_prefixlen: true, min_prefixlen: true, max_prefixlen: true, is_default: true, shared: true, prefixes: true,
    ip_version: true, default_quota: true, address_scope_id: true,
  }),
  rbac_policies: attributesOf<RbacPolicyView>({
    id: true, project_id: true, tenant_id: true, action: true, object_id: true, target_tenant: true, object_type: true,
  }),
  address_groups: attributesOf<AddressGroupView>({ id: true, name: true, project_id: true, tenant_id: true, addresses: true, description: true }),
  flavors: attributesOf<FlavorView>({ id: true, name: true, description: true, service_type: true, enabled: true, service_profiles: true }),
  service_profiles: attributesOf<ServiceProfileView>({ id: true, description: true, driver: true, enabled: true, metainfo: true }),
  hosts: attributesOf<HostView>({ id: true, name: true, ...standard, tunnel_ip: true, mac: true, gateway: true, availability_zone: true, bound_ports: true }),
};
