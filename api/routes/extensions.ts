import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../errors.js';
import * as s from '../schema-parts.js';

/**
 * The Neutron extensions this server honours, as `GET /v2.0/extensions` lists them. Clients
 * (the openstack CLI, openstacksdk, Nova) look here before using an attribute or a call, so each
 * entry must really work: listing one we do not honour would make them send what we refuse.
 */
const EXTENSIONS: readonly [alias: string, name: string, description: string][] = [
  ['agent', 'agent', 'The agent management extension.'],
  ['binding', 'Port Binding', 'Expose port bindings of a virtual port to external application'],
  ['security-group', 'security-group', 'The security groups extension.'],
  ['router', 'Neutron L3 Router', 'Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.'],
  ['extraroute', 'Neutron Extra Route', 'Extra routes configuration for L3 router'],
  ['extraroute-atomic', 'Atomically add/remove extra routes', 'Edit extra routes of a router on server side by atomically adding/removing extra routes'],
  ['external-net', 'Neutron external network', 'Adds external network attribute to network resource.'],
  ['provider', 'Provider Network', 'Expose mapping of virtual networks to physical networks'],
  ['port-security', 'Port Security', 'Provides port security'],
  ['project-id', 'project_id field enabled', 'Extension that indicates that project_id field is enabled.'],
  ['standard-attr-revisions', 'Resource revision numbers', 'This extension will display the revision number of neutron resources.'],
  ['revision-if-match', 'If-Match constraints based on revision_number', "Extension indicating that If-Match based on revision_number is supported."],
  ['standard-attr-timestamp', 'Resource timestamps', 'Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes.'],
  ['standard-attr-description', 'standard-attr-description', 'Extension to add descriptions to standard attributes'],
  ['standard-attr-tag', 'Tag support for resources with standard attribute: subnet, trunk, network_segment_range, router, network, policy, subnetpool, port, security_group, floatingip', 'Enables to set tag on resources with standard attribute.'],
  ['network-ip-availability', 'Network IP Availability', 'Provides IP availability data for each network and subnet.'],
  ['net-mtu', 'Network MTU', 'Provides MTU attribute for a network resource.'],
  ['net-mtu-writable', 'Network MTU (writable)', 'Provides a writable MTU attribute for a network resource.'],
  ['pagination', 'Pagination support', 'Extension that indicates that pagination is enabled.'],
  ['sorting', 'Sorting support', 'Extension that indicates that sorting is enabled.'],
  ['subnet_allocation', 'Subnet Allocation', 'Enables allocation of subnets from a subnet pool'],
  ['default-subnetpools', 'Default Subnetpools', 'Provides ability to mark and use a subnetpool as the default.'],
  ['address-scope', 'Address scope', 'Address scopes extension.'],
  ['rbac-policies', 'RBAC Policies', 'Allows creation and modification of policies that control tenant access to resources.'],
  ['quotas', 'Quota management support', 'Expose functions for quotas management per tenant'],
  ['quota_details', 'Quota details management support', 'Expose functions for quotas usage statistics per project'],
  ['address-group', 'Address group', 'Support address group'],
  ['security-groups-remote-address-group', 'Remote address group id field for security group rules', 'Add new field of remote address group id in security group rules'],
  ['filter-validation', 'Filter parameters validation', 'Provides validation on filter parameters.'],
  ['allowed-address-pairs', 'Allowed Address Pairs', 'Provides allowed address pairs'],
  ['extra_dhcp_opt', 'Neutron Extra DHCP options', 'Extra options configuration for DHCP. For example PXE boot options to DHCP clients can be specified (e.g. tftp-server, server-ip-address, bootfile-name)'],
  ['dvr', 'Distributed Virtual Router', 'Enables configuration of Distributed Virtual Routers.'],
  ['ext-gw-mode', 'Neutron L3 Configurable external gateway mode', 'Extension of the router abstraction for specifying whether SNAT should occur on the external gateway'],
  ['fip-port-details', 'Floating IP Port Details Extension', 'Add port_details attribute to Floating IP resource'],
  ['availability_zone', 'Availability Zone', 'The availability zone extension.'],
  ['service-type', 'Neutron Service Type Management', 'API for retrieving service providers for Neutron advanced services'],
  ['flavors', 'Neutron Service Flavors', 'Flavor specification for Neutron advanced services.'],
  ['stateful-security-group', 'Stateful security group', 'Indicates if the security group is stateful or not'],
];

/** Neutron stamps each extension with the date of its API; ours are as of the Zed release. */
const UPDATED = '2022-10-05T00:00:00-00:00';

const shown = ([alias, name, description]: (typeof EXTENSIONS)[number]) => ({ alias, name, description, updated: UPDATED, links: [] });

const extensionsSchema = { tags: ['extensions'], response: s.responses({ 200: s.anyObject }, s.ALWAYS) };

/** GET /v2.0/extensions */
async function listExtensions() {
  return { extensions: EXTENSIONS.map(shown) };
}

const extensionSchema = {
  tags: ['extensions'],
  params: { type: 'object', properties: { alias: { type: 'string', maxLength: 255 } }, required: ['alias'] },
  response: s.responses({ 200: s.anyObject }, [...s.ALWAYS, 404]),
};

/** GET /v2.0/extensions/{alias} */
async function showExtension(request: FastifyRequest<{ Params: { alias: string } }>, reply: FastifyReply) {
  const found = EXTENSIONS.find(([alias]) => alias === request.params.alias);
  return found ? { extension: shown(found) } : sendError(reply, 404, 'HTTPNotFound', `Extension with alias ${request.params.alias} does not exist`);
}

export const extensionRoutes = async (app: FastifyInstance): Promise<void> => {
  app.get('/v2.0/extensions', { schema: extensionsSchema }, listExtensions);
  app.get('/v2.0/extensions/:alias', { schema: extensionSchema }, showExtension);
};
