import { isGatewayHost, type World } from '../../domain/index.js';
import { byText } from './ops.js';

/** FNV-1a over the UTF-16 code units: a fixed, portable score, the same on every node and every replay. */
const score = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
};

/**
 * The host that does a router's SNAT: among the hosts marked as gateways, the one whose score for
 * this router is highest (rendezvous hashing; ties go to the smaller host id). Every router ranks
 * the gateway hosts in its own order, so routers spread over them; when the chosen host goes (or
 * stops being a gateway) the router moves to the next host of its order and no other router moves;
 * a new gateway host takes only the routers for which it ranks first. Undefined while the router
 * has no gateway or no host is a gateway.
 */
export const snatHostOf = (world: World, routerId: string): string | undefined => {
  if (!world.routers.has(routerId) || !world.routerGatewayPorts.has(routerId)) return undefined;
  let best: { host: string; score: number } | undefined;
  for (const host of world.hosts.values()) {
    if (!isGatewayHost(host)) continue;
    const candidate = { host: host.id, score: score(`${routerId}/${host.id}`) };
    if (!best || candidate.score > best.score || (candidate.score === best.score && byText(candidate.host, best.host) < 0)) best = candidate;
  }
  return best?.host;
};
