import type { NetworkEntry, PortEntry, SubnetEntry } from './entries.js';
import { bridgeOf } from './names.js';

/**
 * What dnsmasq serves on one network of a host: exactly each local port's allocated address, and
 * per subnet its gateway, DNS servers, host routes, and the network's MTU, and each port's extra
 * options (after the subnet's, so a port's own option wins). IPv4 subnets and IPv6 dhcpv6-stateful
 * ones (DHCPv6, with router advertisements saying so), with DHCP on and a gateway: the gateway
 * address is the server's own address on the bridge.
 */
export interface DhcpConfig {
  /** dnsmasq's arguments but for the files: a change of these restarts it. */
  readonly args: readonly string[];
  /** dhcp-hostsfile and dhcp-optsfile contents: a change of these is a SIGHUP. */
  readonly hosts: string;
  readonly options: string;
}

const maskOf = (prefix: number): string =>
  [0, 1, 2, 3].map((octet) => (Math.max(0, Math.min(8, prefix - octet * 8)) === 0 ? 0 : 256 - 2 ** (8 - Math.min(8, prefix - octet * 8)))).join('.');

/** dnsmasq tags are names: one per subnet, from its position in the sorted list. */
const tagOf = (index: number): string => `subnet${index}`;

/** IPv6 subnets whose addresses DHCPv6 hands out (the ports' allocated ones): dhcpv6-stateful. */
const isStatefulV6 = (subnet: SubnetEntry): boolean => subnet.ip_version === 6 && subnet.ipv6_address_mode === 'dhcpv6-stateful';

export const servedSubnets = (subnets: readonly SubnetEntry[]): SubnetEntry[] =>
  subnets
    .filter((s) => (s.ip_version === 4 || isStatefulV6(s)) && s.enable_dhcp && s.gateway_ip !== null)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

export const dhcpConfigOf = (network: NetworkEntry, subnets: readonly SubnetEntry[], ports: readonly PortEntry[]): DhcpConfig | undefined => {
  const served = servedSubnets(subnets);
  if (served.length === 0) return undefined;
  const bridge = bridgeOf(network.id);
  const args = served.map((subnet, i) => {
    const [address, prefix] = subnet.cidr.split('/');
    return `--dhcp-range=set:${tagOf(i)},${address},static,${subnet.ip_version === 6 ? prefix : maskOf(Number(prefix))},infinite`;
  });
  // Router advertisements tell IPv6 clients to ask DHCPv6 (managed) and the link's MTU; with a
  // lifetime of 0, since the host is no router (the network's router, where there is one, is another).
  if (served.some((subnet) => subnet.ip_version === 6)) args.push('--enable-ra', `--ra-param=${bridge},mtu:${network.mtu},60,0`);
  const tags = new Map(served.map((subnet, i) => [subnet.id, tagOf(i)]));
  // A port with extra DHCP options (Neutron's extra_dhcp_opts) gets a tag of its own for them.
  const extra = [...ports].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).filter((port) => (port.dhcp_options ?? []).some((o) => o.ip_version === 4));
  const portTags = new Map(extra.map((port, i) => [port.id, `port${i}`]));
  const hosts = ports
    .flatMap((port) =>
      port.fixed_ips
        .filter((fixed) => tags.has(fixed.subnet_id))
        .map((fixed) => `${port.mac_address},set:${tags.get(fixed.subnet_id)},${portTags.has(port.id) ? `set:${portTags.get(port.id)},` : ''}${fixed.ip_address.includes(':') ? `[${fixed.ip_address}]` : fixed.ip_address}`),
    )
    .sort();
  const portOptions = extra.flatMap((port) =>
    (port.dhcp_options ?? [])
      .filter((o) => o.ip_version === 4)
      .map((o) => `tag:${portTags.get(port.id)},${/^\d+$/.test(o.opt_name) ? o.opt_name : `option:${o.opt_name}`},${o.opt_value}`),
  );
  const options = served.flatMap((subnet, i) => {
    const tag = `tag:${tagOf(i)}`;
    // DHCPv6 has no router, MTU or route options (the advertisements carry those).
    if (subnet.ip_version === 6) return subnet.dns_nameservers.length > 0 ? [`${tag},option6:dns-server,${subnet.dns_nameservers.map((server) => `[${server}]`).join(',')}`] : [];
    const lines = [`${tag},option:router,${subnet.gateway_ip}`, `${tag},option:mtu,${network.mtu}`];
    if (subnet.dns_nameservers.length > 0) lines.push(`${tag},option:dns-server,${subnet.dns_nameservers.join(',')}`);
    if (subnet.host_routes.length > 0)
      lines.push(`${tag},option:classless-static-route,${[...subnet.host_routes.map((r) => `${r.destination},${r.nexthop}`), `0.0.0.0/0,${subnet.gateway_ip}`].join(',')}`);
    return lines;
  });
  options.push(...portOptions);
  return { args: [`--interface=${bridge}`, ...args], hosts: hosts.join('\n') + '\n', options: options.join('\n') + '\n' };
};

/** The server's own address on the bridge for a served subnet: its gateway, with the subnet's prefix. */
export const serverAddressOf = (subnet: SubnetEntry): string => `${subnet.gateway_ip}/${subnet.cidr.split('/')[1]}`;
