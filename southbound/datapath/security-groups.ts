import type { GoalStateDocument } from '../../projections/goal-state/ops.js';
import { AddressGroupEntry, GroupMemberEntry, NetworkEntry, PortEntry, SecurityGroupEntry, entryOf } from './entries.js';
import { run, type Place } from './kernel-tools.js';
import { NFT_TABLE, addressGroupSet, bridgeOf, groupSet, portChain, tapOf } from './names.js';
import { blockElements, chainLines, collection, element, patchTable, readTable, tableModel, type ChainModel, type Element, type TableModel } from './nft-tables.js';
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
const VERDICTS = '{ type ifname : verdict; }';
const MARKS = '{ type mark : verdict; }';
const groupSetSpec = (version: 4 | 6) => `{ type ipv${version}_addr; }`;
const addressSetSpec = (version: 4 | 6) => `{ type ipv${version}_addr; flags interval; auto-merge; }`;
const VERSIONS = [4, 6] as const;
const ofVersion = (addresses: readonly string[], version: 4 | 6) => addresses.filter((address) => address.includes(':') === (version === 6));

const chains = (portId: string) => {
  const p = portChain(portId);
  return { from: `from-${p}`, to: `to-${p}`, egress: `egress-${p}`, ingress: `ingress-${p}` };
};

/** The skeleton of both tables: hooks, the port maps, the zones, and the host's own input from VMs (DHCP only). */
const skeleton = (): { bridge: TableModel; inet: TableModel } => {
  const bridge = tableModel(BRIDGE);
  bridge.collections.set('ports_in', collection('map', VERDICTS));
  bridge.collections.set('ports_out', collection('map', VERDICTS));
  bridge.chains.set('prerouting', { hook: 'type filter hook prerouting priority -300; policy accept;', rules: ['iifname vmap @ports_in'] });
  bridge.chains.set('forward', {
    hook: 'type filter hook forward priority -300; policy accept;',
    // Every host serves its own ports' DHCP, with the same server address: a request that crossed
    // the overlay would be answered (or refused) by another host's server too.
    rules: ['oifname vmap @ports_out', 'oifname "nlv*" udp dport { 67, 68, 546, 547 } drop'],
  });
  const inet = tableModel(INET);
  inet.collections.set('egress', collection('map', MARKS));
  inet.collections.set('ingress', collection('map', MARKS));
  inet.collections.set('zones', collection('map', '{ typeof iifname : ct zone; }'));
  // Before conntrack (priority raw): a packet is looked up in its network's zone; the host's own
  // answers on a bridge (DHCP) are in the zone of the requests they answer.
  inet.chains.set('zone_in', { hook: 'type filter hook prerouting priority raw; policy accept;', rules: ['ct zone set iifname map @zones'] });
  inet.chains.set('zone_out', { hook: 'type filter hook output priority raw; policy accept;', rules: ['ct zone set oifname map @zones'] });
  inet.chains.set('forward', { hook: 'type filter hook forward priority 0; policy accept;', rules: ['meta mark & 0x0000ffff vmap @egress', 'meta mark & 0xffff0000 vmap @ingress'] });
  // The bridges hold the DHCP servers' addresses: VMs may reach those for DHCP and nothing else of the host.
  // For DHCPv6: the requests, router solicitations, and the VMs' answers to the server's neighbor
  // solicitations; not solicitations of the bridge's own addresses (a router leg's gateway address is the bridge's too).
  inet.chains.set('input', {
    hook: 'type filter hook input priority 0; policy accept;',
    rules: ['iifname "nlb*" udp dport { 67, 547 } accept', 'iifname "nlb*" icmpv6 type { nd-router-solicit, nd-neighbor-advert } accept', 'iifname "nlb*" drop'],
  });
  return { bridge, inet };
};

/** One port's kernel side: its four chains, and the map elements that jump to them from its tap and its marks. */
interface PortObjects {
  readonly chains: { table: 'bridge' | 'inet'; name: string; chain: ChainModel }[];
  readonly elements: { table: 'bridge' | 'inet'; map: string; element: Element }[];
}

const portObjects = (port: PortEntry, groups: readonly SecurityGroupEntry[], slot: number): PortObjects => {
  const names = chains(port.id);
  const tap = tapOf(port.id);
  const jump = (chain: string) => `jump ${chain}`;
  return {
    chains: [
      { table: 'bridge', name: names.from, chain: { rules: [`meta mark set ${hex(slot)}`, ...spoofingLines(port)] } },
      { table: 'bridge', name: names.to, chain: { rules: [`meta mark set meta mark | ${hex(slot * 0x10000)}`] } },
      { table: 'inet', name: names.egress, chain: { rules: filterLines('egress', groups) } },
      { table: 'inet', name: names.ingress, chain: { rules: filterLines('ingress', groups) } },
    ],
    elements: [
      { table: 'bridge', map: 'ports_in', element: element(tap, jump(names.from), `"${tap}" : ${jump(names.from)}`) },
      { table: 'bridge', map: 'ports_out', element: element(tap, jump(names.to), `"${tap}" : ${jump(names.to)}`) },
      { table: 'inet', map: 'egress', element: element(String(slot), jump(names.egress), `${hex(slot)} : ${jump(names.egress)}`) },
      { table: 'inet', map: 'ingress', element: element(String(slot * 0x10000), jump(names.ingress), `${hex(slot * 0x10000)} : ${jump(names.ingress)}`) },
    ],
  };
};

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

  /**
   * Both tables made the whole goal state's, in one transaction: read back from the kernel and
   * patched, so what is already right (an unchanged port's chains, its map elements, its slot) is
   * not written again and keeps its handles, counters and tracked connections.
   */
  async adopt(goalState: GoalStateDocument): Promise<void> {
    this.indexOf.clear();
    this.zoneOf.clear();
    this.sets.clear();
    this.addressSets.clear();
    this.members.clear();
    await run(this.place, 'sysctl', ['-qw', 'net.bridge.bridge-nf-call-iptables=1', 'net.bridge.bridge-nf-call-ip6tables=1']);
    const [bridgeHeld, inetHeld] = await Promise.all([readTable(this.place, BRIDGE), readTable(this.place, INET)]);
    const want = skeleton();
    const tables = { bridge: want.bridge, inet: want.inet };
    const ports = Object.keys(goalState.port ?? {}).sort().flatMap((id) => {
      const port = entryOf(PortEntry, goalState.port?.[id]);
      return port?.port_security_enabled ? [port] : [];
    });
    // Slots and zones the kernel already gives are kept: a port's marks and a network's tracked connections stay as they are.
    const heldJumps = new Map([...(inetHeld?.collections.get('egress')?.elements ?? [])].map(([key, { value }]) => [value, Number(key)]));
    for (const port of ports) {
      const slot = heldJumps.get(`jump ${chains(port.id).egress}`);
      if (slot !== undefined && Number.isInteger(slot) && slot > 0 && slot <= MAX_PORTS) this.indexOf.set(port.id, slot);
    }
    const networks = Object.keys(goalState.network ?? {}).filter((id) => entryOf(NetworkEntry, goalState.network?.[id]) !== undefined).sort();
    const heldZones = inetHeld?.collections.get('zones')?.elements;
    for (const id of networks) {
      const zone = Number(heldZones?.get(bridgeOf(id))?.value);
      if (Number.isInteger(zone) && zone > 0 && zone <= MAX_ZONES && ![...this.zoneOf.values()].includes(zone)) this.zoneOf.set(id, zone);
    }
    for (const id of networks) {
      const zone = this.zoneOf.get(id) ?? freeNumber(new Set(this.zoneOf.values()), MAX_ZONES, 'networks');
      this.zoneOf.set(id, zone);
      want.inet.collections.get('zones')!.elements.set(bridgeOf(id), element(bridgeOf(id), String(zone), `"${bridgeOf(id)}" : ${zone}`));
    }
    const wantSet = (name: string, spec: string) => {
      const made = want.inet.collections.get(name) ?? collection('set', spec);
      want.inet.collections.set(name, made);
      return made;
    };
    const groupSets = (group: string) => {
      this.sets.add(group);
      return VERSIONS.map((version) => wantSet(groupSet(group, version), groupSetSpec(version)));
    };
    const addressSets = (id: string) => {
      this.addressSets.add(id);
      const blocks = entryOf(AddressGroupEntry, goalState.address_group?.[id])?.addresses ?? [];
      for (const version of VERSIONS) {
        const made = wantSet(addressGroupSet(id, version), addressSetSpec(version));
        for (const block of blockElements(ofVersion(blocks, version))) made.elements.set(block.key, block);
      }
    };
    for (const id of Object.keys(goalState.group_member ?? {})) {
      const member = entryOf(GroupMemberEntry, goalState.group_member?.[id]);
      if (!member) continue;
      this.members.set(id, { group: member.security_group_id, addresses: member.ip_addresses });
      groupSets(member.security_group_id).forEach((made, i) => {
        for (const address of ofVersion(member.ip_addresses, VERSIONS[i])) made.elements.set(address, element(address));
      });
    }
    for (const id of Object.keys(goalState.address_group ?? {})) addressSets(id);
    for (const port of ports) {
      const groups = this.groupsOf(goalState, port);
      for (const group of remoteGroupsOf(groups)) groupSets(group);
      for (const group of addressGroupsOf(groups)) if (!this.addressSets.has(group)) addressSets(group);
      const slot = this.indexOf.get(port.id) ?? freeNumber(new Set(this.indexOf.values()), MAX_PORTS, 'local ports with port security');
      this.indexOf.set(port.id, slot);
      const objects = portObjects(port, groups, slot);
      for (const { table, name, chain } of objects.chains) tables[table].chains.set(name, chain);
      for (const { table, map, element: made } of objects.elements) tables[table].collections.get(map)!.elements.set(made.key, made);
    }
    await this.nft([...patchTable(want.bridge, bridgeHeld), ...patchTable(want.inet, inetHeld)]);
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

  private groupsOf(goalState: GoalStateDocument, port: PortEntry): SecurityGroupEntry[] {
    return port.security_groups.flatMap((group) => {
      const entry = entryOf(SecurityGroupEntry, goalState.security_group?.[group]);
      return entry ? [entry] : [];
    });
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
    return VERSIONS.map((version) => `add set ${INET} ${groupSet(group, version)} ${groupSetSpec(version)}`);
  }

  /**
   * An address group's blocks in its sets, all of them again: a group is a short list of CIDRs
   * (auto-merge, so overlapping blocks are one interval). Its sets are made when a rule or the
   * group first needs them, and emptied, not removed, when the group goes.
   */
  private addressGroup(goalState: GoalStateDocument, id: string): string[] {
    const group = entryOf(AddressGroupEntry, goalState.address_group?.[id]);
    const lines = [...this.ensureAddressSets(id), ...VERSIONS.map((version) => `flush set ${INET} ${addressGroupSet(id, version)}`)];
    for (const version of VERSIONS) {
      const blocks = ofVersion(group?.addresses ?? [], version);
      if (blocks.length > 0) lines.push(`add element ${INET} ${addressGroupSet(id, version)} { ${blocks.join(', ')} }`);
    }
    return lines;
  }

  private ensureAddressSets(id: string): string[] {
    if (this.addressSets.has(id)) return [];
    this.addressSets.add(id);
    return VERSIONS.map((version) => `add set ${INET} ${addressGroupSet(id, version)} ${addressSetSpec(version)}`);
  }

  /** One membership: the member's addresses in (or out of) its group's sets. */
  private member(goalState: GoalStateDocument, id: string): string[] {
    const lines: string[] = [];
    const before = this.members.get(id);
    const after = entryOf(GroupMemberEntry, goalState.group_member?.[id]);
    const elements = (group: string, addresses: readonly string[], verb: 'add' | 'delete') =>
      VERSIONS.flatMap((version) => {
        const these = ofVersion(addresses, version);
        return these.length === 0 ? [] : [`${verb} element ${INET} ${groupSet(group, version)} { ${these.join(', ')} }`];
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
    const groups = this.groupsOf(goalState, port);
    const lines = [
      ...remoteGroupsOf(groups).flatMap((group) => this.ensureSets(group)),
      ...addressGroupsOf(groups).flatMap((group) => (this.addressSets.has(group) ? [] : this.addressGroup(goalState, group))),
    ];
    const slot = index ?? freeNumber(new Set(this.indexOf.values()), MAX_PORTS, 'local ports with port security');
    const objects = portObjects(port, groups, slot);
    const table = { bridge: BRIDGE, inet: INET };
    for (const { table: family, name, chain } of objects.chains) lines.push(...chainLines(table[family], name, chain));
    if (index === undefined) {
      this.indexOf.set(id, slot);
      for (const { table: family, map, element: made } of objects.elements) lines.push(`add element ${table[family]} ${map} { ${made.text} }`);
    }
    return lines;
  }
}

/** The lowest number from 1 not in use. */
const freeNumber = (used: ReadonlySet<number>, max: number, what: string): number => {
  for (let n = 1; n <= max; n++) if (!used.has(n)) return n;
  throw new Error(`more than ${max} ${what}`);
};
