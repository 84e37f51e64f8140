import { createHash } from 'node:crypto';
import { remembered } from './remembered.js';

/**
 * Kernel names of what the agent owns. Interface names hold 15 bytes, so a network's devices are
 * named by a hash of its id under a prefix: on start, everything under the prefix is the agent's to
 * keep or remove. Taps are named the way os-vif names them for Linux-bridge plugs.
 */
export const OWNED_PREFIX = 'nl';
/** Remembered: every remote port of a network names its VXLAN device, 10,000 hashes of one id in a large diff. */
const short = remembered((id: string): string => createHash('sha256').update(id).digest('hex').slice(0, 10));

export const bridgeOf = (networkId: string): string => `${OWNED_PREFIX}b${short(networkId)}`;
export const vxlanOf = (networkId: string): string => `${OWNED_PREFIX}v${short(networkId)}`;
/** A router's namespace on a host: under the host's own namespace name when the agent programs one (hosts on one machine share the list). */
export const routerNetnsPrefix = (netns: string | undefined): string => `${netns ? `${netns}-` : ''}${OWNED_PREFIX}r`;
export const routerNetnsOf = (netns: string | undefined, routerId: string): string => `${routerNetnsPrefix(netns)}${short(routerId)}`;
/** A router interface's veth: its end on the network's bridge, and its end in the router's namespace. */
export const legOf = (portId: string): string => `${OWNED_PREFIX}q${short(portId)}`;
export const interfaceOf = (portId: string): string => `qr${short(portId)}`;
/** A router's leg on the host's external bridge (north-south: floating IPs and SNAT), outside and inside its namespace. */
export const externalLegOf = (routerId: string): string => `${OWNED_PREFIX}g${short(routerId)}`;
export const externalInterfaceOf = (routerId: string): string => `qg${short(routerId)}`;
/** Its MAC, locally administered and the same each time the leg is made on this host (the outside's ARP cache stays right), another on each host. */
export const externalMacOf = (routerId: string, tunnelIp: string): string =>
  `02:${short(`${routerId} ${tunnelIp}`).match(/../g)!.join(':')}`;
/**
 * A router's interface for SNAT on its SNAT host, one per network of the router, with no address:
 * the other hosts' routers send it what has no floating IP, by this MAC (of the router and the
 * host, so the one of a moved SNAT is another), which no other host holds.
 */
export const snatLegOf = (routerId: string, networkId: string): string => `${OWNED_PREFIX}s${short(`${routerId} ${networkId}`)}`;
export const snatInterfaceOf = (routerId: string, networkId: string): string => `qs${short(`${routerId} ${networkId}`)}`;
export const snatMacOf = (routerId: string, hostId: string): string => `02:${short(`snat ${routerId} ${hostId}`).match(/../g)!.join(':')}`;
export const tapOf = (portId: string): string => `tap${portId.slice(0, 11)}`;

/** The one nftables table name (in the bridge and inet families) the agent owns. */
export const NFT_TABLE = 'netledger';

/** Names of per-port chains and per-group sets: nft names allow letters, digits, '-' and '_'. */
export const portChain = (portId: string): string => `p${short(portId)}`;
export const groupSet = (groupId: string, version: 4 | 6): string => `g${short(groupId)}v${version}`;
export const addressGroupSet = (groupId: string, version: 4 | 6): string => `a${short(groupId)}v${version}`;
