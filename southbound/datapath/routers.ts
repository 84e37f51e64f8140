import type { GoalStateDocument } from '../../projections/goal-state/ops.js';
import { FloatingIpEntry, GatewayEntry, NeighborEntry, RouterEntry, entryOf } from './entries.js';
import { readJson, run, runBatch, type Place } from './kernel-tools.js';
import { bridgeOf, externalInterfaceOf, externalLegOf, externalMacOf, interfaceOf, legOf, routerNetnsOf, routerNetnsPrefix, snatInterfaceOf, snatLegOf, snatMacOf } from './names.js';
import { patchTable, readTable } from './nft-tables.js';
import { NAT_TABLE, routerNat, type RouterNat } from './router-nat.js';

export interface RoutersOptions extends Place {
  /** This host's tunnel address: what makes its external legs' MACs its own. */
  readonly tunnelIp: string;
  /** The bridge north-south traffic leaves the host by (Neutron's br-ex): without one, no floating IPs or SNAT here. */
  readonly externalBridge?: string;
}

/** One interface of a router on this host: a veth from the network's bridge into the router's namespace. */
interface Leg {
  readonly leg: string;
  readonly inside: string;
  readonly bridge: string;
  readonly mac: string;
  readonly addresses: string[];
}

/**
 * Where a router's traffic without a floating IP goes: out of its external leg on its SNAT host,
 * else to the SNAT host's SNAT MAC on one of its legs (through this address, which only the
 * permanent neighbor entry beside it names), else nowhere.
 */
const SNAT_NEXTHOP = '169.254.0.1';
/** The routing table of the floating IPs' traffic: out of the external leg, chosen by source address. */
const FLOATING_TABLE = '16';

interface LocalRouter {
  readonly netns: string;
  readonly legs: Leg[];
  /** On its SNAT host: a leg on each of its networks with no address and the SNAT MAC, the other hosts' way out. */
  readonly snatLegs: Leg[];
  /** The main table's default route (`route replace` line), if any. */
  readonly defaultRoute?: string;
  /** The fixed IPs whose traffic leaves by the floating IPs' table. */
  readonly floatingSources: string[];
  /** `ip neigh` lines: the other hosts' VMs on the router's networks, so the router never asks for them. */
  readonly neighbors: Map<string, string>;
  /** The router's static routes by destination (Neutron checks each nexthop is on one of its subnets, so on a leg). */
  readonly routes: Map<string, string>;
  /** Its leg on the external bridge and its NAT, while it has floating IPs here or does its SNAT here. */
  readonly external?: { readonly leg: string; readonly inside: string; readonly mac: string; readonly nat: RouterNat };
}

/** The routers up on this host, or those of them named. */
const upRouters = (goalState: GoalStateDocument, only: ReadonlySet<string> | undefined): RouterEntry[] =>
  Object.entries(goalState.router ?? {}).flatMap(([id, body]) => {
    const router = only === undefined || only.has(id) ? entryOf(RouterEntry, body) : undefined;
    return router?.admin_state_up ? [router] : [];
  });

/** The interfaces a router has a leg for on this host: on the networks the host has a bridge for. */
const localInterfaces = (router: RouterEntry, goalState: GoalStateDocument) =>
  router.interfaces.flatMap((face) => (face.cidr === null || goalState.network?.[face.network_id] === undefined ? [] : [{ ...face, cidr: face.cidr }]));

/** The routers this host routes for (or those of them named): up, with their interfaces on the networks the host has a bridge for. */
export const localRouters = (goalState: GoalStateDocument, { netns, externalBridge, tunnelIp }: RoutersOptions, only?: ReadonlySet<string>): LocalRouter[] => {
  const routers = upRouters(goalState, only);
  if (routers.length === 0) return [];
  const neighbors = Object.values(goalState.neighbor ?? {}).flatMap((body) => entryOf(NeighborEntry, body) ?? []);
  const floatingIps = Object.values(goalState.floating_ip ?? {}).flatMap((body) => entryOf(FloatingIpEntry, body) ?? []);
  return routers.map((router) => {
    const legs = new Map<string, Leg>();
    const insideOf = new Map<string, string>();
    for (const face of localInterfaces(router, goalState)) {
      const leg = legs.get(face.port_id) ?? { leg: legOf(face.port_id), inside: interfaceOf(face.port_id), bridge: bridgeOf(face.network_id), mac: face.mac_address, addresses: [] };
      leg.addresses.push(`${face.ip_address}/${face.cidr.split('/')[1]}`);
      legs.set(face.port_id, leg);
      insideOf.set(face.subnet_id, leg.inside);
    }
    const lines = new Map<string, string>();
    for (const neighbor of neighbors)
      for (const fixed of neighbor.fixed_ips) {
        const inside = insideOf.get(fixed.subnet_id);
        if (inside) lines.set(`${fixed.ip_address} dev ${inside}`, `neigh replace ${fixed.ip_address} lladdr ${neighbor.mac_address} dev ${inside} nud permanent`);
      }
    const routes = new Map(router.routes.map((route) => [route.destination, `route replace ${route.destination} via ${route.nexthop} proto static`]));
    const fips = floatingIps.filter((fip) => fip.router_id === router.id);
    const gateway = entryOf(GatewayEntry, goalState.gateway?.[router.id]);
    const inside = externalInterfaceOf(router.id);
    const internal = router.interfaces.flatMap((face) => (face.cidr === null ? [] : [face.cidr]));
    const external =
      externalBridge !== undefined && (fips.length > 0 || gateway !== undefined)
        ? { leg: externalLegOf(router.id), inside, mac: externalMacOf(router.id, tunnelIp), nat: routerNat(inside, internal, fips, gateway) }
        : undefined;
    const snat = router.snat_host;
    const here = snat !== null && snat.tunnel_ip === tunnelIp;
    const snatLegs = here
      ? [...new Set(localInterfaces(router, goalState).map((face) => face.network_id))].map((network) => ({
          leg: snatLegOf(router.id, network),
          inside: snatInterfaceOf(router.id, network),
          bridge: bridgeOf(network),
          mac: snatMacOf(router.id, snat.id),
          addresses: [],
        }))
      : [];
    const way = [...legs.values()].find((leg) => leg.addresses.some((address) => !address.includes(':')));
    let defaultRoute: string | undefined;
    if (here) defaultRoute = external && gateway ? `route replace default dev ${external.inside}` : undefined;
    else if (snat !== null && snat.tunnel_ip !== null && way) {
      lines.set(`${SNAT_NEXTHOP} dev ${way.inside}`, `neigh replace ${SNAT_NEXTHOP} lladdr ${snatMacOf(router.id, snat.id)} dev ${way.inside} nud permanent`);
      defaultRoute = `route replace default via ${SNAT_NEXTHOP} dev ${way.inside} onlink`;
    }
    const floatingSources = external ? fips.map((fip) => fip.fixed_ip_address).filter((address) => !address.includes(':')) : [];
    return { netns: routerNetnsOf(netns, router.id), legs: [...legs.values()], snatLegs, defaultRoute, floatingSources, neighbors: lines, routes, external };
  });
};

const fail = async (place: Place, tool: string, args: string[]): Promise<void> => {
  const outcome = await run(place, tool, args);
  if (outcome.code !== 0) throw new Error(`${tool} ${args.join(' ')}: ${outcome.stderr.trim()}`);
};

/**
 * Distributed routers: on every host with a port on one of its subnets, a router is a network
 * namespace of its own (this kernel has no VRF devices) with forwarding on and a veth leg on each
 * local network's bridge holding that subnet's gateway address and the interface's MAC, so a VM's
 * traffic to another subnet is routed on its own host and tunnelled straight to the VM's host.
 * The host's bridge holds the gateway address too (the DHCP server's): it no longer answers ARP
 * where a router does. Every sync makes the routers match the goal state and removes the rest.
 */
export class Routers {
  constructor(private readonly place: RoutersOptions) {}

  /** Makes the routers named (all of them, for undefined) as the goal state wants them on this host, and removes those it no longer wants. */
  async sync(goalState: GoalStateDocument, only?: ReadonlySet<string>): Promise<void> {
    const routers = localRouters(goalState, this.place, only);
    const wanted = new Set(routers.map((router) => router.netns));
    const named = only && new Set([...only].map((id) => routerNetnsOf(this.place.netns, id)));
    const prefix = routerNetnsPrefix(this.place.netns);
    const present = ((await readJson({}, 'ip', ['-j', 'netns', 'list'])) as { name: string }[]).map((n) => n.name).filter((name) => name.startsWith(prefix));
    for (const netns of present) if (!wanted.has(netns) && (!named || named.has(netns))) await fail({}, 'ip', ['netns', 'del', netns]);
    for (const router of routers) await this.syncRouter(router, present.includes(router.netns));
    // Bridges a router leg is on answer no ARP (the router does); the others do again.
    const routed = new Set(upRouters(goalState, undefined).flatMap((router) => localInterfaces(router, goalState).map((face) => bridgeOf(face.network_id))));
    const bridges = Object.keys(goalState.network ?? {}).map(bridgeOf);
    if (bridges.length > 0)
      await run(this.place, 'sysctl', ['-q', '-e', '-w', ...bridges.map((bridge) => `net.ipv4.conf.${bridge}.arp_ignore=${routed.has(bridge) ? 8 : 0}`)]);
  }

  private async syncRouter(router: LocalRouter, exists: boolean): Promise<void> {
    const inside: Place = { netns: router.netns };
    if (!exists) {
      await fail({}, 'ip', ['netns', 'add', router.netns]);
      await fail(inside, 'ip', ['link', 'set', 'lo', 'up']);
      // arp_notify: a leg coming up announces its addresses (a floating IP's new holder, to the outside).
      // arp_ignore 1: a leg answers ARP only for its own addresses (a SNAT leg, which has none, never for the gateway's).
      // No redirects: a compute host's router sends its way out back by the leg it came in on, to the SNAT host.
      // No reverse-path filter: a SNAT leg takes in sources whose route back is another leg.
      await fail(inside, 'sysctl', [
        '-q',
        '-w',
        'net.ipv4.ip_forward=1',
        'net.ipv6.conf.all.forwarding=1',
        ...['all', 'default'].flatMap((conf) => [`net.ipv4.conf.${conf}.arp_notify=1`, `net.ipv4.conf.${conf}.arp_ignore=1`, `net.ipv4.conf.${conf}.send_redirects=0`, `net.ipv4.conf.${conf}.rp_filter=0`]),
      ]);
    }
    const links = new Set(((await readJson(inside, 'ip', ['-j', 'link', 'show'])) as { ifname: string }[]).map((l) => l.ifname));
    const legs = new Set([...router.legs, ...router.snatLegs].map((leg) => leg.inside));
    const lines: string[] = [];
    if (router.external) legs.add(router.external.inside);
    for (const link of links) if (/^q[rgs]/.test(link) && !legs.has(link)) lines.push(`link del ${link}`);
    for (const leg of [...router.legs, ...router.snatLegs]) {
      if (!links.has(leg.inside)) await fail(this.place, 'ip', ['link', 'add', leg.leg, 'type', 'veth', 'peer', 'name', leg.inside, 'netns', router.netns]);
      await fail(this.place, 'ip', ['link', 'set', leg.leg, 'master', leg.bridge, 'up']);
      lines.push(`link set ${leg.inside} address ${leg.mac} up`, ...leg.addresses.map((address) => `addr replace ${address} dev ${leg.inside}`));
    }
    if (router.external) lines.push(...(await this.externalLeg(router, router.external, links.has(router.external.inside))));
    lines.push(...(await this.defaultRoutes(router, inside, legs)));
    const known = (await readJson(inside, 'ip', ['-j', 'neigh', 'show', 'nud', 'permanent'])) as { dst: string; dev: string }[];
    for (const { dst, dev } of known) if (!router.neighbors.has(`${dst} dev ${dev}`)) lines.push(`neigh del ${dst} dev ${dev}`);
    lines.push(...router.neighbors.values());
    for (const family of ['-4', '-6']) {
      const installed = (await readJson(inside, 'ip', [family, '-j', 'route', 'show', 'proto', 'static'])) as { dst: string }[];
      for (const { dst } of installed) if (!router.routes.has(dst)) lines.push(`${family === '-6' ? '-6 ' : ''}route del ${dst} proto static`);
    }
    lines.push(...router.routes.values());
    // The NAT (with its drop of what it did not translate) is in place before a way out opens and
    // goes only once it has closed: no tenant address leaves untranslated while the router changes.
    if (router.external) await this.nat(inside, router.external.nat);
    const error = await runBatch(inside, 'ip', lines);
    if (error !== '') throw new Error(error);
    if (!router.external) await this.nat(inside, undefined);
  }

  /**
   * The router's leg on the external bridge: the floating IPs of this host and (on its SNAT host)
   * the gateway's address, each a /32, and the floating IPs' table's default route out of it
   * on-link (the goal state carries no external subnet; the outside answers ARP for what it routes).
   */
  private async externalLeg(router: LocalRouter, external: NonNullable<LocalRouter['external']>, exists: boolean): Promise<string[]> {
    const bridge = this.place.externalBridge!;
    if (!exists) await fail(this.place, 'ip', ['link', 'add', external.leg, 'type', 'veth', 'peer', 'name', external.inside, 'netns', router.netns]);
    await fail(this.place, 'ip', ['link', 'set', external.leg, 'master', bridge, 'up']);
    const wanted = new Set(external.nat.addresses);
    const held = (await readJson({ netns: router.netns }, 'ip', ['-4', '-j', 'addr', 'show', 'dev', external.inside]).catch(() => [])) as { addr_info?: { local: string; prefixlen: number }[] }[];
    const stale = held.flatMap((link) => link.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`).filter((a) => !wanted.has(a));
    return [
      `link set ${external.inside} address ${external.mac}`,
      ...stale.map((address) => `addr del ${address} dev ${external.inside}`),
      ...external.nat.addresses.map((address) => `addr replace ${address} dev ${external.inside}`),
      `link set ${external.inside} up`,
      `route replace default dev ${external.inside} table ${FLOATING_TABLE}`,
    ];
  }

  /**
   * The main table's default route as wanted (or none: one left on a leg that stays is deleted, one
   * on a leg being removed goes with it), and a rule per floating IP's fixed IP to the floating IPs' table.
   */
  private async defaultRoutes(router: LocalRouter, inside: Place, kept: ReadonlySet<string>): Promise<string[]> {
    const lines: string[] = [];
    const installed = (await readJson(inside, 'ip', ['-4', '-j', 'route', 'show', 'default'])) as { dev?: string }[];
    if (router.defaultRoute) lines.push(router.defaultRoute);
    else if (installed.some((route) => route.dev !== undefined && kept.has(route.dev))) lines.push('route del default');
    const rules = (await readJson(inside, 'ip', ['-4', '-j', 'rule', 'show', 'table', FLOATING_TABLE])) as { src?: string }[];
    const held = new Set(rules.flatMap((rule) => rule.src ?? []));
    const wanted = new Set(router.floatingSources);
    for (const source of held) if (!wanted.has(source)) lines.push(`rule del from ${source} table ${FLOATING_TABLE}`);
    for (const source of wanted) if (!held.has(source)) lines.push(`rule add from ${source} table ${FLOATING_TABLE}`);
    return lines;
  }

  /** The router's NAT table patched to the one wanted, in one transaction (or gone, with its external leg). */
  private async nat(inside: Place, nat: RouterNat | undefined): Promise<void> {
    const held = await readTable(inside, NAT_TABLE);
    const lines = nat ? patchTable(nat.table, held) : held ? [`delete table ${NAT_TABLE}`] : [];
    if (lines.length === 0) return;
    const outcome = await run(inside, 'nft', ['-f', '-'], `${lines.join('\n')}\n`);
    if (outcome.code !== 0) throw new Error(`nft in ${inside.netns}: ${outcome.stderr.trim()}`);
  }
}
