import type { PortEntry, RuleEntry, SecurityGroupEntry } from './entries.js';
import { addressGroupSet, groupSet } from './names.js';

/**
 * A port's security groups as nftables rule lines (each allows: `return` to the caller, which
 * accepts; what no rule allows is dropped at the chain's end). Rules match what Neutron's fields
 * say: ethertype, protocol, port range (or ICMP type and code), remote prefix, remote group (a
 * named set of the group's member addresses).
 */

const isV6 = (address: string): boolean => address.includes(':');

const TRANSPORT: Record<string, string> = { tcp: 'tcp', '6': 'tcp', udp: 'udp', '17': 'udp', sctp: 'sctp', '132': 'sctp' };
const ICMP4 = new Set(['icmp', '1']);
const ICMP6 = new Set(['ipv6-icmp', 'icmpv6', '58']);

const protocolMatch = (rule: RuleEntry, v6: boolean): string[] | undefined => {
  if (rule.protocol === null || rule.protocol === 'any') return [];
  const protocol = String(rule.protocol).toLowerCase();
  const transport = TRANSPORT[protocol];
  if (transport) {
    if (rule.port_range_min === null) return [`meta l4proto ${transport}`];
    const max = rule.port_range_max ?? rule.port_range_min;
    return [`${transport} dport ${rule.port_range_min === max ? max : `${rule.port_range_min}-${max}`}`];
  }
  if (ICMP4.has(protocol) || ICMP6.has(protocol)) {
    // Neutron's "icmp" on an IPv6 rule means ICMPv6.
    const icmp = v6 ? 'icmpv6' : 'icmp';
    const parts = [`meta l4proto ${v6 ? 'ipv6-icmp' : 'icmp'}`];
    if (rule.port_range_min !== null) parts.push(`${icmp} type ${rule.port_range_min}`);
    if (rule.port_range_min !== null && rule.port_range_max !== null) parts.push(`${icmp} code ${rule.port_range_max}`);
    return parts;
  }
  return /^\d+$/.test(protocol) ? [`meta l4proto ${protocol}`] : /^[a-z][a-z0-9-]*$/.test(protocol) ? [`meta l4proto ${protocol}`] : undefined;
};

/** One rule as a line, or undefined for a rule this datapath cannot express (it then allows nothing). */
export const ruleLine = (rule: RuleEntry): string | undefined => {
  const v6 = rule.ethertype === 'IPv6';
  const family = v6 ? 'ip6' : 'ip';
  const side = rule.direction === 'ingress' ? 'saddr' : 'daddr';
  const parts = [`meta nfproto ${v6 ? 'ipv6' : 'ipv4'}`];
  const prefix = rule.remote_ip_prefix;
  if (prefix !== null && prefix !== '0.0.0.0/0' && prefix !== '::/0') {
    if (isV6(prefix) !== v6) return undefined;
    parts.push(`${family} ${side} ${prefix}`);
  }
  if (rule.remote_group_id !== null) parts.push(`${family} ${side} @${groupSet(rule.remote_group_id, v6 ? 6 : 4)}`);
  if (rule.remote_address_group_id !== undefined) parts.push(`${family} ${side} @${addressGroupSet(rule.remote_address_group_id, v6 ? 6 : 4)}`);
  const protocol = protocolMatch(rule, v6);
  if (protocol === undefined) return undefined;
  return [...parts, ...protocol, 'return'].join(' ');
};

/** The address groups a port's rules name: their sets must exist before its chains too. */
export const addressGroupsOf = (groups: readonly SecurityGroupEntry[]): string[] => [
  ...new Set(groups.flatMap((group) => group.rules.flatMap((rule) => (rule.remote_address_group_id === undefined ? [] : [rule.remote_address_group_id])))),
];

/** The remote groups a port's rules name: their sets must exist before its chains. */
export const remoteGroupsOf = (groups: readonly SecurityGroupEntry[]): string[] => [
  ...new Set(groups.flatMap((group) => group.rules.flatMap((rule) => (rule.remote_group_id === null ? [] : [rule.remote_group_id])))),
];

/** Always allowed, as Neutron's agents do: DHCP to and from the port, and IPv6 neighbor discovery. */
const EGRESS_BASE = ['udp sport 68 udp dport 67 return', 'meta l4proto ipv6-icmp icmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert } return'];
const INGRESS_BASE = ['udp sport 67 udp dport 68 return', 'meta l4proto ipv6-icmp icmpv6 type { nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } return'];

/** The port's filter in one direction: connection tracking first for stateful groups, then its rules, then drop. */
export const filterLines = (direction: 'ingress' | 'egress', groups: readonly SecurityGroupEntry[]): string[] => {
  // Neutron keeps a port's groups all stateful or all stateless; one stateless group makes the port stateless.
  const stateful = groups.length === 0 || groups.every((group) => group.stateful);
  const rules = groups
    .flatMap((group) => group.rules)
    .filter((rule) => rule.direction === direction)
    .flatMap((rule) => {
      const line = ruleLine(rule);
      return line === undefined ? [] : [line];
    });
  return [
    ...(stateful ? ['ct state established,related return', 'ct state invalid drop'] : []),
    ...(direction === 'egress' ? EGRESS_BASE : INGRESS_BASE),
    ...[...new Set(rules)],
    'drop',
  ];
};

/** Anti-spoofing on frames from the port: its MACs, and the addresses it holds (fixed IPs and allowed address pairs). */
export const spoofingLines = (port: PortEntry): string[] => {
  const pairs = port.allowed_address_pairs ?? [];
  const macs = [...new Set([port.mac_address, ...pairs.map((pair) => pair.mac_address ?? port.mac_address)].map((mac) => mac.toLowerCase()))];
  const addresses = [...port.fixed_ips.map((fixed) => fixed.ip_address), ...pairs.map((pair) => pair.ip_address)];
  const v4 = addresses.filter((a) => !isV6(a));
  const v6 = addresses.filter(isV6);
  return [
    `ether saddr != { ${macs.join(', ')} } drop`,
    `ether type arp arp saddr ip != { ${['0.0.0.0', ...v4].join(', ')} } drop`,
    // DHCP discover comes from no address yet.
    'ip saddr 0.0.0.0 udp sport 68 udp dport 67 return',
    v4.length > 0 ? `ip saddr != { ${v4.join(', ')} } drop` : 'ether type ip drop',
    `ip6 saddr != { ${['::', 'fe80::/10', ...v6].join(', ')} } drop`,
  ];
};
