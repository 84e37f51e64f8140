import { describe, expect, it } from 'vitest';
import { filterLines, ruleLine, spoofingLines } from './security-rules.js';
import { addressGroupSet, groupSet } from './names.js';

const rule = (fields: object) => ({
  id: 'r',
  direction: 'ingress',
  ethertype: 'IPv4',
  protocol: null,
  port_range_min: null,
  port_range_max: null,
  remote_ip_prefix: null,
  remote_group_id: null,
  ...fields,
});

describe('security group rules as nftables lines', () => {
  it('match ethertype, protocol, port ranges, ICMP type and code, remote prefixes and remote groups', () => {
    expect(ruleLine(rule({}))).toBe('meta nfproto ipv4 return');
    expect(ruleLine(rule({ protocol: 'tcp', port_range_min: 22, port_range_max: 22 }))).toBe('meta nfproto ipv4 tcp dport 22 return');
    expect(ruleLine(rule({ protocol: '17', port_range_min: 1000, port_range_max: 2000 }))).toBe('meta nfproto ipv4 udp dport 1000-2000 return');
    expect(ruleLine(rule({ protocol: 'icmp', port_range_min: 8, port_range_max: 0 }))).toBe('meta nfproto ipv4 meta l4proto icmp icmp type 8 icmp code 0 return');
    expect(ruleLine(rule({ ethertype: 'IPv6', protocol: 'icmp', port_range_min: 128 }))).toBe('meta nfproto ipv6 meta l4proto ipv6-icmp icmpv6 type 128 return');
    expect(ruleLine(rule({ direction: 'egress', remote_ip_prefix: '192.0.2.0/24', protocol: 'udp' }))).toBe('meta nfproto ipv4 ip daddr 192.0.2.0/24 meta l4proto udp return');
    expect(ruleLine(rule({ remote_group_id: 'g' }))).toBe(`meta nfproto ipv4 ip saddr @${groupSet('g', 4)} return`);
    expect(ruleLine(rule({ ethertype: 'IPv6', remote_group_id: 'g' }))).toBe(`meta nfproto ipv6 ip6 saddr @${groupSet('g', 6)} return`);
    expect(ruleLine(rule({ direction: 'egress', remote_address_group_id: 'ag' }))).toBe(`meta nfproto ipv4 ip daddr @${addressGroupSet('ag', 4)} return`);
    expect(ruleLine(rule({ remote_ip_prefix: '0.0.0.0/0', protocol: 'gre' }))).toBe('meta nfproto ipv4 meta l4proto gre return');
    // A prefix of the other family can match nothing.
    expect(ruleLine(rule({ remote_ip_prefix: 'fd00::/64' }))).toBeUndefined();
  });

  it('track connections for stateful groups only, and drop what no rule allows', () => {
    const group = (stateful: boolean) => ({ id: 'g', stateful, rules: [rule({ protocol: 'tcp', port_range_min: 22, port_range_max: 22 })] });
    expect(filterLines('ingress', [group(true)])[0]).toBe('ct state established,related return');
    expect(filterLines('ingress', [group(false)]).some((line) => line.startsWith('ct '))).toBe(false);
    expect(filterLines('ingress', [group(true)]).at(-1)).toBe('drop');
    expect(filterLines('egress', [group(true)])).not.toContain('meta nfproto ipv4 tcp dport 22 return');
  });

  it('let a port send from its MAC and addresses only, allowed address pairs included', () => {
    const lines = spoofingLines({
      id: 'p',
      network_id: 'n',
      mac_address: 'FA:16:3E:00:00:01',
      fixed_ips: [{ subnet_id: 's', ip_address: '10.0.0.5' }],
      security_groups: [],
      port_security_enabled: true,
      admin_state_up: true,
      allowed_address_pairs: [{ ip_address: '10.0.0.100/32', mac_address: 'fa:16:3e:00:00:02' }],
    });
    expect(lines).toContain('ether saddr != { fa:16:3e:00:00:01, fa:16:3e:00:00:02 } drop');
    expect(lines).toContain('ip saddr != { 10.0.0.5, 10.0.0.100/32 } drop');
  });
});
