import type { KernelObject } from './kernel-object.js';
import { remembered } from './remembered.js';
import { bridgeOf, snatMacOf, tapOf, vxlanOf } from './names.js';
import type { NeighborEntry, NetworkEntry, PortEntry, RouterEntry } from './entries.js';

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

/*
 * The entries of remote ports, 30,000 objects for 10,000 neighbors: classes whose lines are made
 * only when the entry is programmed or removed, so that holding one costs an object and its key.
 */
class TunnelEntry implements KernelObject {
  readonly key: string;
  readonly spec = '';
  readonly rank = 2;
  constructor(readonly device: string, private readonly mac: string, private readonly dst: string) {
    this.key = `fdb:${device}:${mac}:${dst}`;
  }
  get add() {
    return [bridge(`fdb append ${this.mac} dev ${this.device} dst ${this.dst} self permanent`)];
  }
  get remove() {
    return [bridge(`fdb del ${this.mac} dev ${this.device} dst ${this.dst} self`)];
  }
}

class BridgeEntry implements KernelObject {
  readonly key: string;
  readonly spec = '';
  readonly rank = 2;
  constructor(readonly device: string, private readonly mac: string) {
    this.key = `bfdb:${device}:${mac}`;
  }
  get add() {
    return [bridge(`fdb replace ${this.mac} dev ${this.device} master static`)];
  }
  get remove() {
    return [bridge(`fdb del ${this.mac} dev ${this.device} master`)];
  }
}

class PermanentNeighbor implements KernelObject {
  readonly key: string;
  readonly rank = 2;
  constructor(readonly device: string, private readonly address: string, readonly spec: string) {
    this.key = `neigh:${device}:${address}`;
  }
  get add() {
    return [ip(`neigh replace ${this.address} lladdr ${this.spec} dev ${this.device} nud permanent`)];
  }
  get remove() {
    return [ip(`neigh del ${this.address} dev ${this.device}`)];
  }
}

export const tunnelEntry = (vx: string, mac: string, dst: string): KernelObject => new TunnelEntry(vx, mac, dst);
export const bridgeEntry = (vx: string, mac: string): KernelObject => new BridgeEntry(vx, mac);
export const neighborEntry = (vx: string, address: string, mac: string): KernelObject => new PermanentNeighbor(vx, address, mac);

/** A remote host in a network's flood list: one object for all its ports (a large diff names it once per port). */
const floodEntry = remembered((key: string): KernelObject => {
  const [vx, dst] = key.split(' ');
  return tunnelEntry(vx, FLOOD_MAC, dst);
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
    floodEntry(`${vx} ${neighbor.tunnel_ip}`),
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
  // No duplicate address detection for IPv6: the network's router legs hold the same gateway address (the host answers no neighbor solicitation on a bridge).
  const add = address.includes(':') ? `addr add ${address} dev ${br} nodad` : `addr add ${address} dev ${br}`;
  return { key: `addr:${br}:${address}`, spec: '', rank: 1, device: br, add: [ip(add)], remove: [ip(`addr del ${address} dev ${br}`)] };
};

/** Where a router's SNAT host is, on each of the router's networks of a host that is not it: its SNAT MAC behind that host's tunnel. */
export const snatHostObjects = (router: RouterEntry, localIp: string): KernelObject[] => {
  const snat = router.snat_host;
  if (snat === null || snat.tunnel_ip === null || snat.tunnel_ip === localIp) return [];
  const mac = snatMacOf(router.id, snat.id);
  return [...new Set(router.interfaces.map((face) => vxlanOf(face.network_id)))].flatMap((vx) => [tunnelEntry(vx, mac, snat.tunnel_ip!), bridgeEntry(vx, mac)]);
};
