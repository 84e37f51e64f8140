import {
  addressPairsOf,
  dhcpOptionsOf,
  normalizedCidr,
  portOf,
  routerInterfaces,
  subnetState,
  type FixedIp,
  type Port,
  type SecurityGroupRule,
  type World,
} from '../../domain/index.js';
import { snatHostOf } from './gateway-host.js';
import { byText, type Body } from './ops.js';

/**
 * What an agent needs of each resource, and nothing of the API's bookkeeping (names, revisions,
 * timestamps), so a rename reaches no host. Every body is the same for every host that holds it.
 *
 * Every object of a body is written with its keys in sorted order, the nested ones the domain
 * writes otherwise (a fixed IP is subnet_id, ip_address) copied so: JSON.stringify then gives the
 * body's canonical JSON (canonical-json.ts takes that path when it finds the order), three times
 * as fast as sorting, once per entry and event. property-tests/canonical-order.test.ts holds it.
 */

/**
 * The port's fixed IPs in key order. The copy costs memory (the bodies shared the world's array
 * before): the last one is handed out again for the same array, so a port's body and its neighbor
 * body, made in one event, hold one copy (a cache of one, whose answer is equal either way).
 */
let copied: { readonly from: readonly FixedIp[]; readonly to: readonly FixedIp[] } | undefined;
const fixedIpsOf = (fixedIps: readonly FixedIp[]): readonly FixedIp[] => {
  if (copied?.from !== fixedIps) copied = { from: fixedIps, to: fixedIps.map((fixed) => ({ ip_address: fixed.ip_address, subnet_id: fixed.subnet_id })) };
  return copied.to;
};

/**
 * The anti-spoofing allow-list of a port is its MAC with its fixed IPs and its allowed address
 * pairs (each an address or a cidr, with a MAC); with port security off nothing is filtered.
 * dhcp_options are what the port's DHCP server hands out beside the usual options.
 */
export const portBody = (port: Port): Body => ({
  admin_state_up: port.admin_state_up,
  allowed_address_pairs: addressPairsOf(port),
  dhcp_options: dhcpOptionsOf(port).map((option) => ({ ip_version: option.ip_version, opt_name: option.opt_name, opt_value: option.opt_value })),
  fixed_ips: fixedIpsOf(port.fixed_ips),
  id: port.id,
  mac_address: port.mac_address,
  network_id: port.network_id,
  port_security_enabled: port.port_security_enabled,
  security_groups: port.security_groups,
});

export const networkBody = (world: World, id: string): Body | undefined => {
  const network = world.networks.get(id)?.network;
  return network && { admin_state_up: network.admin_state_up, id, mtu: network.mtu, segmentation_id: network.segmentation_id };
};

export const subnetBody = (world: World, id: string): Body | undefined => {
  const subnet = subnetState(world, id)?.subnet;
  return (
    subnet && {
      cidr: subnet.cidr,
      dns_nameservers: subnet.dns_nameservers,
      enable_dhcp: subnet.enable_dhcp,
      gateway_ip: subnet.gateway_ip,
      host_routes: subnet.host_routes,
      id,
      ip_version: subnet.ip_version,
      ipv6_address_mode: subnet.ipv6_address_mode,
      ipv6_ra_mode: subnet.ipv6_ra_mode,
      network_id: subnet.network_id,
    }
  );
};

/**
 * A port as another host sees it: where to tunnel to reach its addresses. Only bound ports are
 * neighbors. address_pairs are its allowed address pairs of one address each (a VIP it may answer
 * for), so hosts can answer ARP for them too; a cidr pair names no one address to answer for.
 */
export const neighborBody = (world: World, port: Port): Body => ({
  address_pairs: addressPairsOf(port).filter((p) => !p.ip_address.includes('/')),
  fixed_ips: fixedIpsOf(port.fixed_ips),
  host_id: port['binding:host_id'],
  id: port.id,
  mac_address: port.mac_address,
  network_id: port.network_id,
  tunnel_ip: world.hosts.get(port['binding:host_id'])?.tunnel_ip ?? null,
});

const ruleBody = (rule: SecurityGroupRule): Body => ({
  direction: rule.direction,
  ethertype: rule.ethertype,
  id: rule.id,
  port_range_max: rule.port_range_max,
  port_range_min: rule.port_range_min,
  protocol: rule.protocol,
  // Only when set: the bodies of rules without one keep their bytes.
  ...(rule.remote_address_group_id ? { remote_address_group_id: rule.remote_address_group_id } : {}),
  remote_group_id: rule.remote_group_id,
  remote_ip_prefix: normalizedCidr(rule.remote_ip_prefix),
});

export const securityGroupBody = (world: World, id: string): Body | undefined => {
  const group = world.securityGroups.get(id);
  if (!group) return undefined;
  const rules = [...group.security_group_rules].sort((a, b) => byText(a.id, b.id)).map(ruleBody);
  return { id, rules, stateful: group.stateful };
};

/**
 * One member address set entry of a remote group: a rule naming remote_group_id G matches the
 * addresses of every `group_member` entry of G. Members are entries of their own so that a
 * membership change is one op per host, not the group's whole address list again.
 */
export const memberId = (groupId: string, portId: string): string => `${groupId}/${portId}`;

export const memberOf = (id: string): { groupId: string; portId: string } => {
  const slash = id.indexOf('/');
  return { groupId: id.slice(0, slash), portId: id.slice(slash + 1) };
};

export const groupMemberBody = (world: World, id: string): Body | undefined => {
  const { groupId, portId } = memberOf(id);
  const port = portOf(world, portId);
  if (!port || !world.groupPorts.get(groupId)?.has(portId)) return undefined;
  return { id, ip_addresses: port.fixed_ips.map((f) => f.ip_address), port_id: portId, security_group_id: groupId };
};

/** The blocks an address group stands for, where a rule names it as remote_address_group_id. */
export const addressGroupBody = (world: World, id: string): Body | undefined => {
  const group = world.addressGroups.get(id);
  return group && { addresses: group.addresses, id };
};

/**
 * A router with every interface (the whole router, so a host can route between all of its subnets),
 * and the host doing its SNAT with its tunnel address: the other hosts send what has no floating
 * IP there (as DVR sends it to the SNAT node), the SNAT host knows it is the one.
 */
export const routerBody = (world: World, id: string): Body | undefined => {
  const router = world.routers.get(id);
  if (!router) return undefined;
  const interfaces = routerInterfaces(world, id)
    .flatMap(({ port, subnets }) =>
      port.fixed_ips.map((fixed) => ({
        cidr: subnets.find((s) => s.subnet.id === fixed.subnet_id)?.subnet.cidr ?? null,
        ip_address: fixed.ip_address,
        mac_address: port.mac_address,
        network_id: port.network_id,
        port_id: port.id,
        subnet_id: fixed.subnet_id,
      })),
    )
    .sort((a, b) => byText(a.port_id, b.port_id) || byText(a.subnet_id, b.subnet_id));
  const snatHost = snatHostOf(world, id);
  return {
    admin_state_up: router.admin_state_up,
    external_gateway: gatewayOf(router.external_gateway_info),
    id,
    interfaces,
    routes: router.routes,
    snat_host: snatHost === undefined ? null : { id: snatHost, tunnel_ip: world.hosts.get(snatHost)?.tunnel_ip ?? null },
  };
};

const gatewayOf = (info: { network_id: string; enable_snat: boolean; external_fixed_ips?: readonly FixedIp[] } | null) =>
  info && { enable_snat: info.enable_snat, external_fixed_ips: fixedIpsOf(info.external_fixed_ips ?? []), network_id: info.network_id };

/**
 * A floating IP mapped onto a port, for the host of that port: DNAT of floating_ip_address to
 * fixed_ip_address, SNAT back, on the port's own host (distributed, as DVR and OVN's distributed
 * NAT do), so its traffic never crosses a central gateway.
 */
export const floatingIpBody = (world: World, id: string): Body | undefined => {
  const floatingIp = world.floatingIps.get(id);
  const port = floatingIp?.port_id ? portOf(world, floatingIp.port_id) : undefined;
  if (!floatingIp || !port) return undefined;
  return {
    fixed_ip_address: floatingIp.fixed_ip_address,
    floating_ip_address: floatingIp.floating_ip_address,
    floating_network_id: floatingIp.floating_network_id,
    id,
    mac_address: port.mac_address,
    port_id: port.id,
    router_id: floatingIp.router_id,
  };
};

/**
 * A router's gateway for the host doing its SNAT: the gateway port's addresses and MAC on the
 * external network, and the router's subnets whose traffic without a floating IP leaves
 * masqueraded as the gateway's address (when enable_snat).
 */
export const gatewayBody = (world: World, routerId: string): Body | undefined => {
  const router = world.routers.get(routerId);
  const portId = world.routerGatewayPorts.get(routerId);
  const port = portId === undefined ? undefined : portOf(world, portId);
  if (!router || !port) return undefined;
  const internal = routerInterfaces(world, routerId).flatMap(({ subnets }) => subnets.map((s) => s.subnet.cidr));
  return {
    enable_snat: router.external_gateway_info?.enable_snat ?? true,
    external_fixed_ips: fixedIpsOf(port.fixed_ips),
    id: routerId,
    internal_cidrs: [...new Set(internal)].sort(byText),
    mac_address: port.mac_address,
    network_id: port.network_id,
    port_id: port.id,
  };
};
