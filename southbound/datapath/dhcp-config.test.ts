import { describe, expect, it } from 'vitest';
import { dhcpConfigOf, serverAddressOf } from './dhcp-config.js';
import { bridgeOf } from './names.js';

const network = { id: 'net', segmentation_id: 7, mtu: 1450 };
const subnet = (fields: object) => ({
  id: 's1',
  network_id: 'net',
  ip_version: 4,
  cidr: '10.0.0.0/24',
  gateway_ip: '10.0.0.1',
  enable_dhcp: true,
  dns_nameservers: [],
  host_routes: [],
  ...fields,
});
const port = (id: string, mac: string, ip: string, subnetId = 's1') => ({
  id,
  network_id: 'net',
  mac_address: mac,
  fixed_ips: [{ subnet_id: subnetId, ip_address: ip }],
  security_groups: [],
  port_security_enabled: true,
  admin_state_up: true,
});

describe('what dnsmasq serves on a network', () => {
  it('exactly each port\'s address, and per subnet its gateway, DNS servers, host routes and the MTU', () => {
    const config = dhcpConfigOf(
      network,
      [subnet({ dns_nameservers: ['192.0.2.53', '192.0.2.54'], host_routes: [{ destination: '198.51.100.0/24', nexthop: '10.0.0.254' }] }), subnet({ id: 's6', ip_version: 6, cidr: 'fd00::/64', gateway_ip: 'fd00::1' })],
      [port('b', 'fa:16:3e:00:00:02', '10.0.0.12'), port('a', 'fa:16:3e:00:00:01', '10.0.0.11'), port('c', 'fa:16:3e:00:00:03', 'fd00::3', 's6')],
    )!;
    expect(config.args).toEqual([`--interface=${bridgeOf('net')}`, '--dhcp-range=set:subnet0,10.0.0.0,static,255.255.255.0,infinite']);
    expect(config.hosts).toBe('fa:16:3e:00:00:01,set:subnet0,10.0.0.11\nfa:16:3e:00:00:02,set:subnet0,10.0.0.12\n');
    expect(config.options.split('\n')).toEqual([
      'tag:subnet0,option:router,10.0.0.1',
      'tag:subnet0,option:mtu,1450',
      'tag:subnet0,option:dns-server,192.0.2.53,192.0.2.54',
      // With classless routes a client ignores the router option: the default route goes along.
      'tag:subnet0,option:classless-static-route,198.51.100.0/24,10.0.0.254,0.0.0.0/0,10.0.0.1',
      '',
    ]);
    expect(serverAddressOf(subnet({ cidr: '10.0.0.0/20' }))).toBe('10.0.0.1/20');
  });

  it('hands a port its extra DHCP options, by name or number, IPv4 ones only', () => {
    const withOptions = {
      ...port('a', 'fa:16:3e:00:00:01', '10.0.0.11'),
      dhcp_options: [
        { opt_name: 'bootfile-name', opt_value: 'pxelinux.0', ip_version: 4 },
        { opt_name: '66', opt_value: '192.0.2.9', ip_version: 4 },
        { opt_name: 'dns-server', opt_value: 'fd00::53', ip_version: 6 },
      ],
    };
    const config = dhcpConfigOf(network, [subnet({})], [withOptions, port('b', 'fa:16:3e:00:00:02', '10.0.0.12')])!;
    expect(config.hosts).toBe('fa:16:3e:00:00:01,set:subnet0,set:port0,10.0.0.11\nfa:16:3e:00:00:02,set:subnet0,10.0.0.12\n');
    expect(config.options.split('\n').slice(-3)).toEqual(['tag:port0,option:bootfile-name,pxelinux.0', 'tag:port0,66,192.0.2.9', '']);
  });

  it('a dhcpv6-stateful subnet: DHCPv6 hands each port its IPv6 address, advertisements say so (managed, the MTU, no default router)', () => {
    const v6 = subnet({ id: 's6', ip_version: 6, cidr: '2001:db8:6::/64', gateway_ip: '2001:db8:6::1', dns_nameservers: ['2001:db8::53'], ipv6_address_mode: 'dhcpv6-stateful', ipv6_ra_mode: 'dhcpv6-stateful' });
    const config = dhcpConfigOf(network, [subnet({}), v6, subnet({ id: 's7', ip_version: 6, cidr: '2001:db8:7::/64', gateway_ip: '2001:db8:7::1', ipv6_address_mode: 'slaac' })], [
      { ...port('a', 'fa:16:3e:00:00:01', '10.0.0.11'), fixed_ips: [{ subnet_id: 's1', ip_address: '10.0.0.11' }, { subnet_id: 's6', ip_address: '2001:db8:6::11' }] },
    ])!;
    expect(config.args).toEqual([
      `--interface=${bridgeOf('net')}`,
      '--dhcp-range=set:subnet0,10.0.0.0,static,255.255.255.0,infinite',
      '--dhcp-range=set:subnet1,2001:db8:6::,static,64,infinite',
      '--enable-ra',
      `--ra-param=${bridgeOf('net')},mtu:1450,60,0`,
    ]);
    expect(config.hosts).toBe('fa:16:3e:00:00:01,set:subnet0,10.0.0.11\nfa:16:3e:00:00:01,set:subnet1,[2001:db8:6::11]\n');
    expect(config.options.split('\n')).toContain('tag:subnet1,option6:dns-server,[2001:db8::53]');
    expect(serverAddressOf(v6)).toBe('2001:db8:6::1/64');
  });

  it('serves nothing on a network whose subnets have DHCP off or no gateway', () => {
    expect(dhcpConfigOf(network, [subnet({ enable_dhcp: false }), subnet({ id: 's2', gateway_ip: null })], [port('a', 'fa:16:3e:00:00:01', '10.0.0.11')])).toBeUndefined();
  });
});
