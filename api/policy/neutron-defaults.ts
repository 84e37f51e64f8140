/**
 * Neutron's default policy (neutron/conf/policies/*.py, project-scoped defaults with the admin,
 * member and reader roles) for the resources and attributes netledger serves, plus the rules of
 * netledger's own host API. A policy file overrides any of these by name.
 */
const or = (...checks: string[]) => checks.join(' or ');

const ADMIN = 'rule:admin_only';
const SERVICE = 'rule:service_api';
const PROJECT_MEMBER = 'role:member and project_id:%(project_id)s';
const PROJECT_READER = 'role:reader and project_id:%(project_id)s';
const ADMIN_OR_SERVICE = `(${ADMIN}) or (${SERVICE})`;
const ADMIN_OR_PROJECT_MEMBER = `(${ADMIN}) or (${PROJECT_MEMBER})`;
const ADMIN_OR_PROJECT_READER = `(${ADMIN}) or (${PROJECT_READER})`;
const NET_OWNER_MEMBER = 'role:member and rule:network_owner';
const NET_OWNER_READER = 'role:reader and rule:network_owner';
const ADMIN_OR_NET_OWNER_MEMBER = `(${ADMIN}) or (${NET_OWNER_MEMBER})`;
const ADMIN_OR_NET_OWNER_READER = `(${ADMIN}) or (${NET_OWNER_READER})`;
const ADMIN_OR_SG_OWNER_MEMBER = `(${ADMIN}) or (role:member and rule:sg_owner)`;
const ADMIN_OR_SG_OWNER_READER = `(${ADMIN}) or (role:reader and rule:sg_owner)`;

const base = {
  context_is_admin: 'role:admin',
  service_api: 'role:service',
  owner: 'project_id:%(project_id)s',
  admin_or_owner: or('rule:context_is_admin', 'rule:owner'),
  admin_or_network_owner: or('rule:context_is_admin', 'project_id:%(network:project_id)s'),
  admin_owner_or_network_owner: or('rule:owner', 'rule:admin_or_network_owner'),
  network_owner: 'project_id:%(network:project_id)s',
  admin_only: 'rule:context_is_admin',
  regular_user: '',
  shared: 'field:networks:shared=True',
  default: 'rule:admin_or_owner',
  sg_owner: 'project_id:%(security_group:project_id)s',
  admin_or_sg_owner: or('rule:context_is_admin', 'project_id:%(security_group:project_id)s'),
  admin_owner_or_sg_owner: or('rule:owner', 'rule:admin_or_sg_owner'),
  external: 'field:networks:router:external=True',
  external_network: 'field:subnets:router:external=True',
  network_device: 'field:port:device_owner=~^network:',
  shared_security_group: 'field:security_groups:shared=True',
};

const networks = {
  create_network: ADMIN_OR_PROJECT_MEMBER,
  'create_network:shared': ADMIN,
  'create_network:router:external': ADMIN,
  'create_network:is_default': ADMIN,
  'create_network:port_security_enabled': ADMIN_OR_PROJECT_MEMBER,
  'create_network:provider:network_type': ADMIN,
  'create_network:provider:physical_network': ADMIN,
  'create_network:provider:segmentation_id': ADMIN,
  'create_network:tags': ADMIN_OR_PROJECT_MEMBER,
  get_network: or(ADMIN_OR_PROJECT_READER, SERVICE, 'rule:shared', 'rule:external'),
  'get_network:provider:network_type': ADMIN,
  'get_network:provider:physical_network': ADMIN,
  'get_network:provider:segmentation_id': ADMIN,
  'get_network:tags': or(ADMIN_OR_PROJECT_READER, 'rule:shared', 'rule:external'),
  update_network: ADMIN_OR_PROJECT_MEMBER,
  'update_network:shared': ADMIN,
  'update_network:router:external': ADMIN,
  'update_network:is_default': ADMIN,
  'update_network:port_security_enabled': ADMIN_OR_PROJECT_MEMBER,
  'update_network:provider:network_type': ADMIN,
  'update_network:provider:physical_network': ADMIN,
  'update_network:provider:segmentation_id': ADMIN,
  'update_network:tags': ADMIN_OR_PROJECT_MEMBER,
  delete_network: ADMIN_OR_PROJECT_MEMBER,
  'delete_network:tags': ADMIN_OR_PROJECT_MEMBER,
};

const subnets = {
  create_subnet: ADMIN_OR_NET_OWNER_MEMBER,
  'create_subnet:tags': or(PROJECT_MEMBER, ADMIN_OR_NET_OWNER_MEMBER),
  get_subnet: or(PROJECT_READER, 'rule:shared', 'rule:external_network', ADMIN_OR_NET_OWNER_READER, SERVICE),
  'get_subnet:tags': or(PROJECT_READER, 'rule:shared', 'rule:external_network', ADMIN_OR_NET_OWNER_READER),
  update_subnet: or(PROJECT_MEMBER, ADMIN_OR_NET_OWNER_MEMBER),
  'update_subnet:tags': or(PROJECT_MEMBER, ADMIN_OR_NET_OWNER_MEMBER),
  delete_subnet: or(PROJECT_MEMBER, ADMIN_OR_NET_OWNER_MEMBER),
  'delete_subnet:tags': or(PROJECT_MEMBER, ADMIN_OR_NET_OWNER_MEMBER),
};

const ports = {
  create_port: or(ADMIN_OR_SERVICE, NET_OWNER_MEMBER, 'rule:shared'),
  'create_port:device_id': or(ADMIN_OR_PROJECT_MEMBER, SERVICE),
  'create_port:device_owner': or('not rule:network_device', ADMIN_OR_SERVICE, NET_OWNER_MEMBER),
  'create_port:mac_address': or(ADMIN_OR_SERVICE, NET_OWNER_MEMBER),
  'create_port:fixed_ips': or(ADMIN_OR_SERVICE, NET_OWNER_MEMBER, 'rule:shared'),
  'create_port:fixed_ips:ip_address': or(ADMIN_OR_SERVICE, NET_OWNER_MEMBER),
  'create_port:fixed_ips:subnet_id': or(ADMIN_OR_SERVICE, NET_OWNER_MEMBER, 'rule:shared'),
  'create_port:port_security_enabled': or(ADMIN_OR_SERVICE, NET_OWNER_MEMBER),
  'create_port:allowed_address_pairs': or(ADMIN, 'rule:network_owner'),
  'create_port:allowed_address_pairs:ip_address': or(ADMIN, 'rule:network_owner'),
  'create_port:allowed_address_pairs:mac_address': or(ADMIN, 'rule:network_owner'),
  'create_port:binding:host_id': ADMIN_OR_SERVICE,
  'create_port:binding:profile': SERVICE,
  'create_port:binding:vnic_type': or(ADMIN_OR_PROJECT_MEMBER, SERVICE),
  'create_port:tags': ADMIN_OR_PROJECT_MEMBER,
  get_port: or(ADMIN_OR_SERVICE, NET_OWNER_READER, PROJECT_READER),
  'get_port:binding:vif_type': ADMIN_OR_SERVICE,
  'get_port:binding:vif_details': ADMIN_OR_SERVICE,
  'get_port:binding:host_id': ADMIN_OR_SERVICE,
  'get_port:binding:profile': ADMIN_OR_SERVICE,
  'get_port:tags': or(ADMIN_OR_NET_OWNER_READER, PROJECT_READER),
  update_port: or(ADMIN_OR_SERVICE, PROJECT_MEMBER),
  'update_port:device_id': or(ADMIN_OR_PROJECT_MEMBER, SERVICE),
  'update_port:device_owner': or('not rule:network_device', ADMIN_OR_SERVICE, NET_OWNER_MEMBER),
  'update_port:mac_address': or(ADMIN_OR_SERVICE, NET_OWNER_MEMBER),
  'update_port:fixed_ips': or(ADMIN_OR_SERVICE, NET_OWNER_MEMBER),
  'update_port:fixed_ips:ip_address': or(ADMIN_OR_SERVICE, NET_OWNER_MEMBER),
  'update_port:fixed_ips:subnet_id': or(ADMIN_OR_SERVICE, NET_OWNER_MEMBER, 'rule:shared'),
  'update_port:port_security_enabled': or(ADMIN_OR_SERVICE, NET_OWNER_MEMBER),
  'update_port:allowed_address_pairs': or(ADMIN, 'rule:network_owner'),
  'update_port:allowed_address_pairs:ip_address': or(ADMIN, 'rule:network_owner'),
  'update_port:allowed_address_pairs:mac_address': or(ADMIN, 'rule:network_owner'),
  'update_port:binding:host_id': ADMIN_OR_SERVICE,
  'update_port:binding:profile': SERVICE,
  'update_port:binding:vnic_type': or(ADMIN_OR_SERVICE, PROJECT_MEMBER),
  'update_port:tags': ADMIN_OR_PROJECT_MEMBER,
  delete_port: or(ADMIN_OR_SERVICE, NET_OWNER_MEMBER, PROJECT_MEMBER),
  'delete_port:tags': or(PROJECT_MEMBER, ADMIN_OR_NET_OWNER_MEMBER),
};

const securityGroups = {
  create_security_group: ADMIN_OR_PROJECT_MEMBER,
  'create_security_group:tags': ADMIN_OR_PROJECT_MEMBER,
  get_security_group: or(ADMIN_OR_PROJECT_READER, 'rule:shared_security_group'),
  'get_security_group:tags': or(ADMIN_OR_PROJECT_READER, 'rule:shared_security_group'),
  update_security_group: ADMIN_OR_PROJECT_MEMBER,
  'update_security_group:tags': ADMIN_OR_PROJECT_MEMBER,
  delete_security_group: ADMIN_OR_PROJECT_MEMBER,
  'delete_security_group:tags': ADMIN_OR_PROJECT_MEMBER,
  create_security_group_rule: ADMIN_OR_SG_OWNER_MEMBER,
  get_security_group_rule: ADMIN_OR_SG_OWNER_READER,
  delete_security_group_rule: ADMIN_OR_SG_OWNER_MEMBER,
};

const routers = {
  create_router: ADMIN_OR_PROJECT_MEMBER,
  'create_router:external_gateway_info': ADMIN_OR_PROJECT_MEMBER,
  'create_router:external_gateway_info:network_id': ADMIN_OR_PROJECT_MEMBER,
  'create_router:external_gateway_info:enable_snat': ADMIN,
  'create_router:external_gateway_info:external_fixed_ips': ADMIN,
  'create_router:tags': ADMIN_OR_PROJECT_MEMBER,
  'create_router:distributed': ADMIN,
  'create_router:ha': ADMIN,
  get_router: ADMIN_OR_PROJECT_READER,
  'get_router:distributed': ADMIN,
  'get_router:ha': ADMIN,
  'get_router:tags': ADMIN_OR_PROJECT_READER,
  update_router: ADMIN_OR_PROJECT_MEMBER,
  'update_router:external_gateway_info': ADMIN_OR_PROJECT_MEMBER,
  'update_router:external_gateway_info:network_id': ADMIN_OR_PROJECT_MEMBER,
  'update_router:external_gateway_info:enable_snat': ADMIN,
  'update_router:external_gateway_info:external_fixed_ips': ADMIN,
  'update_router:tags': ADMIN_OR_PROJECT_MEMBER,
  'update_router:distributed': ADMIN,
  'update_router:ha': ADMIN,
  delete_router: ADMIN_OR_PROJECT_MEMBER,
  'delete_router:tags': ADMIN_OR_PROJECT_MEMBER,
  add_router_interface: ADMIN_OR_PROJECT_MEMBER,
  remove_router_interface: ADMIN_OR_PROJECT_MEMBER,
  add_extraroutes: ADMIN_OR_PROJECT_MEMBER,
  remove_extraroutes: ADMIN_OR_PROJECT_MEMBER,
};

const floatingIps = {
  create_floatingip: ADMIN_OR_PROJECT_MEMBER,
  'create_floatingip:floating_ip_address': ADMIN,
  get_floatingip: ADMIN_OR_PROJECT_READER,
  update_floatingip: ADMIN_OR_PROJECT_MEMBER,
  delete_floatingip: ADMIN_OR_PROJECT_MEMBER,
};

const addressScopes = {
  shared_address_scopes: 'field:address_scopes:shared=True',
  create_address_scope: ADMIN_OR_PROJECT_MEMBER,
  'create_address_scope:shared': ADMIN,
  get_address_scope: or(ADMIN_OR_PROJECT_READER, 'rule:shared_address_scopes'),
  update_address_scope: ADMIN_OR_PROJECT_MEMBER,
  'update_address_scope:shared': ADMIN,
  delete_address_scope: ADMIN_OR_PROJECT_MEMBER,
};

const subnetPools = {
  shared_subnetpools: 'field:subnetpools:shared=True',
  create_subnetpool: ADMIN_OR_PROJECT_MEMBER,
  'create_subnetpool:shared': ADMIN,
  'create_subnetpool:is_default': ADMIN,
  get_subnetpool: or(ADMIN_OR_PROJECT_READER, 'rule:shared_subnetpools'),
  update_subnetpool: ADMIN_OR_PROJECT_MEMBER,
  'update_subnetpool:is_default': ADMIN,
  delete_subnetpool: ADMIN_OR_PROJECT_MEMBER,
};

/**
 * Zed registers get_address_group alone: its writes have no rule of their own, so oslo.policy's
 * `default` decides them (admin or owner, whatever the role: the reference Neutron lets a reader
 * create, change and delete its project's groups). Named here so a policy file may override them.
 * add_addresses and remove_addresses pass no rule in Neutron: the group need only be seen.
 */
const addressGroups = {
  shared_address_groups: 'field:address_groups:shared=True',
  create_address_group: 'rule:default',
  get_address_group: or(PROJECT_READER, 'rule:shared_address_groups'),
  update_address_group: 'rule:default',
  delete_address_group: 'rule:default',
};

/** Neutron's also names target_project, which its API (Zed) does not take: left out. */
const NOT_WILDCARD = '(not field:rbac_policy:target_tenant=*)';
const rbacPolicies = {
  restrict_wildcard: or(NOT_WILDCARD, ADMIN),
  create_rbac_policy: ADMIN_OR_PROJECT_MEMBER,
  'create_rbac_policy:target_tenant': or(ADMIN, NOT_WILDCARD),
  get_rbac_policy: ADMIN_OR_PROJECT_READER,
  update_rbac_policy: ADMIN_OR_PROJECT_MEMBER,
  'update_rbac_policy:target_tenant': or(ADMIN, NOT_WILDCARD),
  delete_rbac_policy: ADMIN_OR_PROJECT_MEMBER,
};

/**
 * Flavors are the operator's. Everyone reads them: Neutron's new default (reader of the flavor's
 * project) matches no one, since a flavor has no project; Zed answers 200 through the deprecated
 * `regular_user` it still accepts beside it, and so does this.
 */
const flavors = {
  create_flavor: ADMIN,
  get_flavor: 'rule:regular_user',
  update_flavor: ADMIN,
  delete_flavor: ADMIN,
  create_service_profile: ADMIN,
  get_service_profile: ADMIN,
  update_service_profile: ADMIN,
  delete_service_profile: ADMIN,
  create_flavor_service_profile: ADMIN,
  delete_flavor_service_profile: ADMIN,
};

/** netledger's own API: hosts are the operator's, as Neutron's agents are. */
const hosts = {
  get_network_ip_availability: ADMIN_OR_SERVICE,
  create_host: ADMIN,
  get_host: ADMIN,
  update_host: ADMIN,
  delete_host: ADMIN,
};

export const NEUTRON_DEFAULT_RULES: Readonly<Record<string, string>> = {
  ...base,
  ...networks,
  ...subnets,
  ...ports,
  ...securityGroups,
  ...routers,
  ...floatingIps,
  ...addressScopes,
  ...subnetPools,
  ...addressGroups,
  ...rbacPolicies,
  ...flavors,
  ...hosts,
};
