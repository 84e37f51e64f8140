import * as E from 'fp-ts/lib/Either.js';
import { formatIp, ipBits, parseIp } from '../address/ip.js';
import { domainError, type DomainError } from '../common/errors.js';
import type { CreateSecurityGroupRule } from './commands.js';
import type { SecurityGroupRuleFields } from './security-group.js';

/** IANA protocol names Neutron accepts, with their numbers. */
const PROTOCOLS: Record<string, number> = {
  ah: 51, dccp: 33, egp: 8, esp: 50, gre: 47, hopopt: 0, icmp: 1, igmp: 2, ipip: 4, 'ipv6-encap': 41,
  'ipv6-frag': 44, 'ipv6-icmp': 58, icmpv6: 58, 'ipv6-nonxt': 59, 'ipv6-opts': 60, 'ipv6-route': 43,
  ospf: 89, pgm: 113, rsvp: 46, sctp: 132, tcp: 6, udp: 17, udplite: 136, vrrp: 112,
};
const PORT_PROTOCOLS = new Set([6, 17, 132, 33, 136]);
const ICMP_PROTOCOLS = new Set([1, 58]);

type Checked<T> = E.Either<DomainError, T>;
const bad = (type: DomainError['type'], message: string) => E.left(domainError(type, message));

/** Returns the protocol as Neutron stores it (name lower-cased, or the number as text) and its number. */
const protocolOf = (protocol: string | number | null): Checked<{ text: string | null; number: number | null }> => {
  if (protocol === null || protocol === 'any' || protocol === '') return E.right({ text: null, number: null });
  const text = String(protocol).toLowerCase();
  if (text in PROTOCOLS) return E.right({ text, number: PROTOCOLS[text] });
  if (/^\d{1,3}$/.test(text) && Number(text) <= 255) return E.right({ text: String(Number(text)), number: Number(text) });
  return bad(
    'SecurityGroupRuleInvalidProtocol',
    `Security group rule protocol ${protocol} not supported. Only protocol values [${Object.keys(PROTOCOLS).join(', ')}] and integer representations [0 to 255] are supported.`,
  );
};

const checkPorts = (protocol: number | null, min: number | null, max: number | null): Checked<void> => {
  if (min === null && max === null) return E.right(undefined);
  if (protocol === null) return bad('SecurityGroupProtocolRequiredWithPorts', 'Must also specify protocol if port range is given.');
  if (PORT_PROTOCOLS.has(protocol)) {
    for (const value of [min, max]) if (value !== null && (value < 1 || value > 65535)) return bad('SecurityGroupInvalidPortValue', `Invalid value for port ${value}`);
    if (min === null || max === null || min > max) return bad('SecurityGroupInvalidPortRange', 'For TCP/UDP protocols, port_range_min must be <= port_range_max');
    return E.right(undefined);
  }
  if (ICMP_PROTOCOLS.has(protocol)) {
    for (const [field, value] of [['type', min], ['code', max]] as const)
      if (value !== null && (value < 0 || value > 255))
        return bad('SecurityGroupInvalidIcmpValue', `Invalid value for ICMP ${field} (port_range_${field === 'type' ? 'min' : 'max'}) ${value}. It must be 0 to 255.`);
    if (min === null && max !== null)
      return bad('SecurityGroupMissingIcmpType', `ICMP code (port-range-max) ${max} is provided but ICMP type (port-range-min) is missing.`);
    return E.right(undefined);
  }
  return bad('SecurityGroupInvalidPortRange', `Invalid protocol ${protocol} for port range, only supported for TCP, UDP, UDPLITE, SCTP and DCCP.`);
};

/**
 * Neutron keeps a prefix as given, with its length made explicit ("10.0.0.5/8" stays, "10.1.2.3"
 * is "10.1.2.3/32"); the block it names (normalized_cidr) is what the datapath matches.
 */
const prefixOf = (prefix: string | null, ethertype: 'IPv4' | 'IPv6'): Checked<string | null> => {
  if (prefix === null) return E.right(null);
  const [address, length, ...rest] = prefix.split('/');
  const ip = parseIp(address);
  if (E.isLeft(ip) || rest.length > 0) return bad('InvalidInput', `Invalid input for remote_ip_prefix. Reason: '${prefix}' is not a valid IP subnet.`);
  const bits = length === undefined ? ipBits(ip.right.version) : /^\d{1,3}$/.test(length) ? Number(length) : NaN;
  if (!(bits >= 0 && bits <= ipBits(ip.right.version)))
    return bad('InvalidInput', `Invalid input for remote_ip_prefix. Reason: '${prefix}' is not a valid IP subnet.`);
  if ((ip.right.version === 4) !== (ethertype === 'IPv4'))
    return bad('SecurityGroupRuleParameterConflict', `Conflicting value ethertype ${ethertype} for CIDR ${prefix}`);
  return E.right(`${formatIp(ip.right)}/${bits}`);
};

/** The rule as it will be stored, or why Neutron would refuse it. */
export const validRule = (rule: CreateSecurityGroupRule['rule']): Checked<SecurityGroupRuleFields> => {
  const remoteAddressGroup = rule.remote_address_group_id ?? null;
  if ([remoteAddressGroup, rule.remote_group_id, rule.remote_ip_prefix].filter((remote) => remote !== null).length > 1)
    return bad('SecurityGroupMultipleRemoteEntites', 'Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.');
  const protocol = protocolOf(rule.protocol);
  if (E.isLeft(protocol)) return protocol;
  if (protocol.right.number === 58 && rule.ethertype === 'IPv4')
    return bad('SecurityGroupEthertypeConflictWithProtocol', `Invalid ethertype IPv4 for protocol ${protocol.right.text}.`);
  const ports = checkPorts(protocol.right.number, rule.port_range_min, rule.port_range_max);
  if (E.isLeft(ports)) return ports;
  const prefix = prefixOf(rule.remote_ip_prefix, rule.ethertype);
  if (E.isLeft(prefix)) return prefix;
  const { remote_address_group_id: _, ...fields } = rule;
  // Stored only when set, so rules without one keep the bytes they had before address groups.
  return E.right({ ...fields, protocol: protocol.right.text, remote_ip_prefix: prefix.right, ...(remoteAddressGroup === null ? {} : { remote_address_group_id: remoteAddressGroup }) });
};

/** A stored protocol's number: 'tcp' and '6' (or 'icmpv6' and 'ipv6-icmp') are one protocol. */
const protocolNumber = (stored: string | null): number | null => (stored === null ? null : (PROTOCOLS[stored] ?? Number(stored)));

/** Two rules are the same rule when they match the same traffic. */
export const sameRule = (a: SecurityGroupRuleFields, b: SecurityGroupRuleFields): boolean =>
  a.direction === b.direction &&
  a.ethertype === b.ethertype &&
  protocolNumber(a.protocol) === protocolNumber(b.protocol) &&
  a.port_range_min === b.port_range_min &&
  a.port_range_max === b.port_range_max &&
  a.remote_ip_prefix === b.remote_ip_prefix &&
  a.remote_group_id === b.remote_group_id &&
  (a.remote_address_group_id ?? null) === (b.remote_address_group_id ?? null);
