import type { KernelObject } from './kernel-object.js';
import { bridgeOf, tapOf, vxlanOf } from './names.js';
import type { NeighborEntry, NetworkEntry, PortEntry } from './entries.js';

/** VXLAN's IANA port; Linux's default (8472) predates it. */
const VXLAN_PORT = 4789;
const FLOOD_MAC = '00:00:00:00:00:00';

const ip = (text: string) => ({ tool: 'ip', text }) as const;
const bridge = (text: string) => ({ tool: 'bridge', text }) as const;

/** A network on a host: its bridge and its VXLAN device (no learning; ARP answered from neighbor entries). */
export const networkObjects = (network: NetworkEntry, localIp: string): KernelObject[] => {
  const br = bridgeOf(network.id);
  const vx = vxlanOf(network.id);
  const objects: KernelObject[] = [
    { key: `link:${br}`, spec: 'bridge', rank: 0, device: br, add: [ip(`link add ${br} type bridge`), ip(`link set ${br} up`)], remove: [ip(`link del ${br}`)] },
  ];
  if (network.segmentation_id !== null)
    objects.push({
      key: `link:${vx}`,
      spec: vxlanSpec(network.segmentation_id, localIp, network.mtu, br),
      rank: 1,
      device: vx,
      add: [
        ip(`link add ${vx} mtu ${network.mtu} type vxlan id ${network.segmentation_id} local ${localIp} dstport ${VXLAN_PORT} nolearning proxy`),
        ip(`link set ${vx} master ${br} up`),
        // The bridge must not learn MACs behind the tunnel either: every remote MAC is a static entry.
        bridge(`link set dev ${vx} learning off`),
      ],
      remove: [ip(`link del ${vx}`)],
    });
  return objects;
};

export const vxlanSpec = (vni: number, localIp: string, mtu: number, master: string | undefined): string =>
  `vxlan id ${vni} local ${localIp} port ${VXLAN_PORT} nolearning proxy mtu ${mtu} master ${master ?? '-'}`;

export const tunnelEntry = (vx: string, mac: string, dst: string): KernelObject => ({
  key: `fdb:${vx}:${mac}:${dst}`,
  spec: '',
  rank: 2,
  device: vx,
  add: [bridge(`fdb append ${mac} dev ${vx} dst ${dst} self permanent`)],
  remove: [bridge(`fdb del ${mac} dev ${vx} dst ${dst} self`)],
});

export const bridgeEntry = (vx: string, mac: string): KernelObject => ({
  key: `bfdb:${vx}:${mac}`,
  spec: '',
  rank: 2,
  device: vx,
  add: [bridge(`fdb replace ${mac} dev ${vx} master static`)],
  remove: [bridge(`fdb del ${mac} dev ${vx} master`)],
});

export const neighborEntry = (vx: string, address: string, mac: string): KernelObject => ({
  key: `neigh:${vx}:${address}`,
  spec: mac,
  rank: 2,
  device: vx,
  add: [ip(`neigh replace ${address} lladdr ${mac} dev ${vx} nud permanent`)],
  remove: [ip(`neigh del ${address} dev ${vx}`)],
});

/**
 * A remote port: where its MAC is (tunnel entry, and a static entry in the bridge), its addresses
 * answered by ARP/ND on this host, and its host in the network's flood list (head-end replication
 * of broadcast and unknown frames, one entry per remote host however many ports it has).
 */
export const remotePortObjects = (neighbor: NeighborEntry): KernelObject[] => {
  if (neighbor.tunnel_ip === null) return [];
  const vx = vxlanOf(neighbor.network_id);
  const mac = neighbor.mac_address.toLowerCase();
  return [
    tunnelEntry(vx, mac, neighbor.tunnel_ip),
    bridgeEntry(vx, mac),
    tunnelEntry(vx, FLOOD_MAC, neighbor.tunnel_ip),
    ...neighbor.fixed_ips.map((fixed) => neighborEntry(vx, fixed.ip_address, mac)),
  ];
};

/** A local port: its tap (made by the compute side, as os-vif's Linux-bridge plug names it) in its network's bridge. */
export const attachment = (port: PortEntry): KernelObject => {
  const tap = tapOf(port.id);
  const br = bridgeOf(port.network_id);
  return { key: `attach:${tap}`, spec: `master ${br}`, rank: 3, device: tap, add: [ip(`link set ${tap} master ${br} up`)], remove: [ip(`link set ${tap} nomaster`)] };
};

/** An address of the host's own on a network's bridge (the DHCP server's). */
export const bridgeAddress = (networkId: string, address: string): KernelObject => {
  const br = bridgeOf(networkId);
  return { key: `addr:${br}:${address}`, spec: '', rank: 1, device: br, add: [ip(`addr add ${address} dev ${br}`)], remove: [ip(`addr del ${address} dev ${br}`)] };
};
