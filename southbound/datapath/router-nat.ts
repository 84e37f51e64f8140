import type { FloatingIpEntry, GatewayEntry } from './entries.js';
import { blockElements, collection, element, tableModel, type TableModel } from './nft-tables.js';

/**
 * A router's north-south NAT on one host, in its namespace's own nft table: floating IPs mapped
 * onto this host's ports (DNAT of the floating address to the fixed one, SNAT back), and, on the
 * host doing the router's SNAT, its subnets masqueraded as the gateway's address (enable_snat).
 * Nothing of the tenant's own addresses leaves by the external leg: what no NAT rewrote is dropped
 * there, and only the router's own addresses are let in from outside.
 */
export interface RouterNat {
  /** The addresses the external leg holds (each a /32: the router answers ARP for them alone). */
  readonly addresses: string[];
  /** The table as wanted (patched into the kernel's, so a sync that changes nothing writes nothing). */
  readonly table: TableModel;
}

export const NAT_TABLE = 'ip netledger';

const isV4 = (address: string): boolean => !address.includes(':');

export const routerNat = (leg: string, internalCidrs: readonly string[], floatingIps: readonly FloatingIpEntry[], gateway: GatewayEntry | undefined): RouterNat => {
  const fips = floatingIps.filter((fip) => isV4(fip.floating_ip_address) && isV4(fip.fixed_ip_address));
  const gatewayIp = gateway?.external_fixed_ips.map((fixed) => fixed.ip_address).find(isV4);
  const snat = gateway?.enable_snat && gatewayIp !== undefined;
  // A router without SNAT routes its subnets out as they are (Neutron's enable_snat false); one with, or a host that only holds floating IPs, never does.
  const guarded = gateway?.enable_snat === false ? [] : internalCidrs.filter(isV4);
  const addresses = [...fips.map((fip) => `${fip.floating_ip_address}/32`), ...(gatewayIp === undefined ? [] : [`${gatewayIp}/32`])];
  const table = tableModel(NAT_TABLE);
  const map = (name: string, pairs: [string, string][]) => {
    const made = collection('map', '{ type ipv4_addr : ipv4_addr; }');
    for (const [key, value] of pairs) made.elements.set(key, element(key, value));
    table.collections.set(name, made);
  };
  const set = (name: string, blocks: readonly string[]) => {
    const made = collection('set', '{ type ipv4_addr; flags interval; }');
    for (const block of blockElements(blocks)) made.elements.set(block.key, block);
    table.collections.set(name, made);
  };
  map('fip_in', fips.map((fip) => [fip.floating_ip_address, fip.fixed_ip_address]));
  map('fip_out', fips.map((fip) => [fip.fixed_ip_address, fip.floating_ip_address]));
  set('snat_from', snat ? gateway.internal_cidrs.filter(isV4) : []);
  set('tenant', guarded);
  const chain = (name: string, hook: string, rules: string[]) => table.chains.set(name, { hook: `${hook}; policy accept;`, rules });
  // Before DNAT, so a connection tracked for an address the leg no longer holds goes no further.
  chain('inbound', 'type filter hook prerouting priority dstnat - 10', [`iifname "${leg}" fib daddr type != local drop`]);
  chain('prerouting', 'type nat hook prerouting priority dstnat', [`iifname "${leg}" dnat to ip daddr map @fip_in`]);
  chain('postrouting', 'type nat hook postrouting priority srcnat', [
    `oifname "${leg}" snat to ip saddr map @fip_out`,
    ...(snat ? [`oifname "${leg}" ip saddr @snat_from snat to ${gatewayIp}`] : []),
  ]);
  // After SNAT: a tenant source still there was not translated.
  chain('outbound', 'type filter hook postrouting priority srcnat + 10', [`oifname "${leg}" ip saddr @tenant drop`]);
  return { addresses, table };
};
