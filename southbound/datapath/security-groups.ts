import type { GoalStateDocument } from '../../projections/goal-state/ops.js';
import { AddressGroupEntry, GroupMemberEntry, NetworkEntry, PortEntry, SecurityGroupEntry, entryOf } from './entries.js';
import { run, type Place } from './kernel-tools.js';
import { NFT_TABLE, addressGroupSet, bridgeOf, groupSet, portChain, tapOf } from './names.js';
import { addressGroupsOf, filterLines, remoteGroupsOf, spoofingLines } from './security-rules.js';

/**
 * Port security and security groups in nftables. Bridged frames carry no port in nftables' inet
 * hooks (br_netfilter gives them the bridge), so the bridge family marks each frame with its
 * ports, by a per-port index: the low 16 bits for the port it came from, the high 16 bits for the
 * port it goes to. The inet family then runs the egress chain of the one and the ingress chain of
 * the other, with connection tracking. Remote groups are named sets of member addresses. Each
 * network's traffic is tracked in a conntrack zone of its own (by its bridge, which br_netfilter
 * gives as the device in the inet hooks), so tenants with the same addresses share no state.
 */

const BRIDGE = `bridge ${NFT_TABLE}`;
const INET = `inet ${NFT_TABLE}`;
const MAX_PORTS = 0xffff;
/** Zone 0 is the host's own traffic (the underlay's). */
const MAX_ZONES = 0xffff;
const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

const chains = (portId: string) => {
  const p = portChain(portId);
  return { from: `from-${p}`, to: `to-${p}`, egress: `egress-${p}`, ingress: `ingress-${p}` };
};

/** The skeleton of both tables: hooks, the port maps, and the host's own input from VMs (DHCP only). */
const skeleton = (): string[] => [
  `add table ${BRIDGE}`,
  `add map ${BRIDGE} ports_in { type ifname : verdict; }`,
  `add map ${BRIDGE} ports_out { type ifname : verdict; }`,
  `add chain ${BRIDGE} prerouting { type filter hook prerouting priority -300; policy accept; }`,
  `add rule ${BRIDGE} prerouting iifname vmap @ports_in`,
  `add chain ${BRIDGE} forward { type filter hook forward priority -300; policy accept; }`,
  `add rule ${BRIDGE} forward oifname vmap @ports_out`,
  // Every host serves its own ports' DHCP, with the same server address: a request that crossed
  // the overlay would be answered (or refused) by another host's server too.
  `add rule ${BRIDGE} forward oifname "nlv*" udp dport { 67, 68 } drop`,
  `add table ${INET}`,
  `add map ${INET} egress { type mark : verdict; }`,
  `add map ${INET} ingress { type mark : verdict; }`,
  // Before conntrack (priority raw): a packet is looked up in its network's zone.
  `add map ${INET} zones { typeof iifname : ct zone; }`,
  `add chain ${INET} zone_in { type filter hook prerouting priority raw; policy accept; }`,
  `add rule ${INET} zone_in ct zone set iifname map @zones`,
  // The host's own answers on a bridge (DHCP) are in the zone of the requests they answer.
  `add chain ${INET} zone_out { type filter hook output priority raw; policy accept; }`,
  `add rule ${INET} zone_out ct zone set oifname map @zones`,
  `add chain ${INET} forward { type filter hook forward priority 0; policy accept; }`,
  `add rule ${INET} forward meta mark & 0x0000ffff vmap @egress`,
  `add rule ${INET} forward meta mark & 0xffff0000 vmap @ingress`,
  // The bridges hold the DHCP servers' addresses: VMs may reach those for DHCP and nothing else of the host.
  `add chain ${INET} input { type filter hook input priority 0; policy accept; }`,
  `add rule ${INET} input iifname "nlb*" udp dport 67 accept`,
  `add rule ${INET} input iifname "nlb*" drop`,
];

export class SecurityGroups {
  /** Local port -> its index in marks, while it has filters. */
  private readonly indexOf = new Map<string, number>();
  /** Local network -> its conntrack zone. */
  private readonly zoneOf = new Map<string, number>();
  private readonly sets = new Set<string>();
  private readonly addressSets = new Set<string>();
  /** group_member id -> the addresses it put in its group's sets. */
  private readonly members = new Map<string, { group: string; addresses: string[] }>();

  constructor(private readonly place: Place) {}

  /** Both tables from the whole goal state, swapped in one transaction: no packet sees a half-made ruleset, and connections stay tracked. */
  async adopt(goalState: GoalStateDocument): Promise<void> {
    this.indexOf.clear();
    this.zoneOf.clear();
    this.sets.clear();
    this.addressSets.clear();
    this.members.clear();
    await run(this.place, 'sysctl', ['-qw', 'net.bridge.bridge-nf-call-iptables=1', 'net.bridge.bridge-nf-call-ip6tables=1']);
    const lines = [`add table ${BRIDGE}`, `delete table ${BRIDGE}`, `add table ${INET}`, `delete table ${INET}`, ...skeleton()];
    for (const id of Object.keys(goalState.network ?? {}).sort()) lines.push(...this.network(goalState, id));
    for (const id of Object.keys(goalState.group_member ?? {})) lines.push(...this.member(goalState, id));
    for (const id of Object.keys(goalState.address_group ?? {})) lines.push(...this.addressGroup(goalState, id));
    for (const id of Object.keys(goalState.port ?? {}).sort()) lines.push(...this.port(goalState, id));
    await this.nft(lines);
  }

  /** The ports, groups and members one diff named: only their chains, map elements and set elements. */
  async apply(
    goalState: GoalStateDocument,
    named: { networks: ReadonlySet<string>; ports: ReadonlySet<string>; groups: ReadonlySet<string>; members: ReadonlySet<string>; addressGroups: ReadonlySet<string> },
  ): Promise<void> {
    const { ports, groups, members } = named;
    const lines: string[] = [];
    for (const id of named.networks) lines.push(...this.network(goalState, id));
    for (const id of members) lines.push(...this.member(goalState, id));
    for (const id of named.addressGroups) lines.push(...this.addressGroup(goalState, id));
    const touched = new Set(ports);
    if (groups.size > 0)
      for (const [id, body] of Object.entries(goalState.port ?? {})) {
        const port = entryOf(PortEntry, body);
        if (port?.security_groups.some((group) => groups.has(group))) touched.add(id);
      }
    for (const id of touched) lines.push(...this.port(goalState, id));
    await this.nft(lines);
  }

  private async nft(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    const outcome = await run(this.place, 'nft', ['-f', '-'], `${lines.join('\n')}\n`);
    if (outcome.code !== 0) throw new Error(`nft: ${outcome.stderr.trim()}`);
  }

  /** A network's zone: given when it comes to the host, taken back when it goes. */
  private network(goalState: GoalStateDocument, id: string): string[] {
    const wanted = entryOf(NetworkEntry, goalState.network?.[id]) !== undefined;
    const zone = this.zoneOf.get(id);
    if (wanted === (zone !== undefined)) return [];
    if (zone !== undefined) {
      this.zoneOf.delete(id);
      return [`delete element ${INET} zones { "${bridgeOf(id)}" }`];
    }
    const free = freeNumber(new Set(this.zoneOf.values()), MAX_ZONES, 'networks');
    this.zoneOf.set(id, free);
    return [`add element ${INET} zones { "${bridgeOf(id)}" : ${free} }`];
  }

  private ensureSets(group: string): string[] {
    if (this.sets.has(group)) return [];
    this.sets.add(group);
    return [`add set ${INET} ${groupSet(group, 4)} { type ipv4_addr; }`, `add set ${INET} ${groupSet(group, 6)} { type ipv6_addr; }`];
  }

  /**
   * An address group's blocks in its sets, all of them again: a group is a short list of CIDRs
   * (auto-merge, so overlapping blocks are one interval). Its sets are made when a rule or the
   * group first needs them, and emptied, not removed, when the group goes.
   */
  private addressGroup(goalState: GoalStateDocument, id: string): string[] {
    const group = entryOf(AddressGroupEntry, goalState.address_group?.[id]);
    const lines = [...this.ensureAddressSets(id), `flush set ${INET} ${addressGroupSet(id, 4)}`, `flush set ${INET} ${addressGroupSet(id, 6)}`];
    for (const version of [4, 6] as const) {
      const blocks = (group?.addresses ?? []).filter((address) => address.includes(':') === (version === 6));
      if (blocks.length > 0) lines.push(`add element ${INET} ${addressGroupSet(id, version)} { ${blocks.join(', ')} }`);
    }
    return lines;
  }

  private ensureAddressSets(id: string): string[] {
    if (this.addressSets.has(id)) return [];
    this.addressSets.add(id);
    return [
      `add set ${INET} ${addressGroupSet(id, 4)} { type ipv4_addr; flags interval; auto-merge; }`,
      `add set ${INET} ${addressGroupSet(id, 6)} { type ipv6_addr; flags interval; auto-merge; }`,
    ];
  }

  /** One membership: the member's addresses in (or out of) its group's sets. */
  private member(goalState: GoalStateDocument, id: string): string[] {
    const lines: string[] = [];
    const before = this.members.get(id);
    const after = entryOf(GroupMemberEntry, goalState.group_member?.[id]);
    const elements = (group: string, addresses: readonly string[], verb: 'add' | 'delete') =>
      ([4, 6] as const).flatMap((version) => {
        const ofVersion = addresses.filter((address) => address.includes(':') === (version === 6));
        return ofVersion.length === 0 ? [] : [`${verb} element ${INET} ${groupSet(group, version)} { ${ofVersion.join(', ')} }`];
      });
    if (before) {
      const kept = after?.security_group_id === before.group ? new Set(after.ip_addresses) : new Set<string>();
      lines.push(...elements(before.group, before.addresses.filter((address) => !kept.has(address)), 'delete'));
      this.members.delete(id);
    }
    if (after) {
      lines.push(...this.ensureSets(after.security_group_id), ...elements(after.security_group_id, after.ip_addresses, 'add'));
      this.members.set(id, { group: after.security_group_id, addresses: after.ip_addresses });
    }
    return lines;
  }

  /** One port's chains and map elements, made again from its entry (or removed). */
  private port(goalState: GoalStateDocument, id: string): string[] {
    const port = entryOf(PortEntry, goalState.port?.[id]);
    const names = chains(id);
    const tap = tapOf(id);
    const index = this.indexOf.get(id);
    if (!port || !port.port_security_enabled) {
      if (index === undefined) return [];
      this.indexOf.delete(id);
      return [
        `delete element ${BRIDGE} ports_in { "${tap}" }`,
        `delete element ${BRIDGE} ports_out { "${tap}" }`,
        `delete element ${INET} egress { ${hex(index)} }`,
        `delete element ${INET} ingress { ${hex(index * 0x10000)} }`,
        `delete chain ${BRIDGE} ${names.from}`,
        `delete chain ${BRIDGE} ${names.to}`,
        `delete chain ${INET} ${names.egress}`,
        `delete chain ${INET} ${names.ingress}`,
      ];
    }
    const groups = port.security_groups.flatMap((group) => {
      const entry = entryOf(SecurityGroupEntry, goalState.security_group?.[group]);
      return entry ? [entry] : [];
    });
    const lines = [
      ...remoteGroupsOf(groups).flatMap((group) => this.ensureSets(group)),
      ...addressGroupsOf(groups).flatMap((group) => (this.addressSets.has(group) ? [] : this.addressGroup(goalState, group))),
    ];
    const chain = (family: string, name: string, rules: readonly string[]) => [
      `add chain ${family} ${name}`,
      `flush chain ${family} ${name}`,
      ...rules.map((rule) => `add rule ${family} ${name} ${rule}`),
    ];
    const slot = index ?? freeNumber(new Set(this.indexOf.values()), MAX_PORTS, 'local ports with port security');
    lines.push(
      ...chain(BRIDGE, names.from, [`meta mark set ${hex(slot)}`, ...spoofingLines(port)]),
      ...chain(BRIDGE, names.to, [`meta mark set meta mark | ${hex(slot * 0x10000)}`]),
      ...chain(INET, names.egress, filterLines('egress', groups)),
      ...chain(INET, names.ingress, filterLines('ingress', groups)),
    );
    if (index === undefined) {
      this.indexOf.set(id, slot);
      lines.push(
        `add element ${BRIDGE} ports_in { "${tap}" : jump ${names.from} }`,
        `add element ${BRIDGE} ports_out { "${tap}" : jump ${names.to} }`,
        `add element ${INET} egress { ${hex(slot)} : jump ${names.egress} }`,
        `add element ${INET} ingress { ${hex(slot * 0x10000)} : jump ${names.ingress} }`,
      );
    }
    return lines;
  }
}

/** The lowest number from 1 not in use. */
const freeNumber = (used: ReadonlySet<number>, max: number, what: string): number => {
  for (let n = 1; n <= max; n++) if (!used.has(n)) return n;
  throw new Error(`more than ${max} ${what}`);
};
