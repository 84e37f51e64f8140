import { isDefaultOf, portSecurityOf, type Network } from '../../domain/index.js';

/** A network as Neutron shows it (with the provider extension naming our VXLAN segment). */
/** The address scope of the pool a network's subnets of each IP version come from (one pool per version, or none). */
export interface NetworkScopes {
  readonly ipv4: string | null;
  readonly ipv6: string | null;
}
export const NO_SCOPES: NetworkScopes = { ipv4: null, ipv6: null };

export const networkView = (n: Network, subnetIds: readonly string[], scopes: NetworkScopes = NO_SCOPES) => {
  return {
    id: n.id,
    name: n.name,
    tenant_id: n.project_id,
    project_id: n.project_id,
    admin_state_up: n.admin_state_up,
    status: 'ACTIVE',
    subnets: [...subnetIds],
    shared: n.shared,
    mtu: n.mtu,
    'router:external': n['router:external'],
    'provider:network_type': 'vxlan',
    'provider:physical_network': null,
    'provider:segmentation_id': n.segmentation_id,
    port_security_enabled: portSecurityOf(n),
    // Neutron shows is_default on external networks only.
    ...(n['router:external'] ? { is_default: isDefaultOf(n) } : {}),
    availability_zone_hints: [],
    availability_zones: [],
    ipv4_address_scope: scopes.ipv4,
    ipv6_address_scope: scopes.ipv6,
    cidr: n.cidr,
    description: n.description,
    tags: n.tags,
    created_at: n.created_at,
    updated_at: n.updated_at,
    revision_number: n.revision_number,
  };
};
export type NetworkView = ReturnType<typeof networkView>;
