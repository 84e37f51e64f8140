import type { Command } from '../../domain/index.js';
import { address, block, reserved, text, within, type Block } from './addresses.js';

/**
 * A deliberately plain reference model of Neutron's semantics, written for the tests alone: lists
 * and linear scans instead of interval sets and indexes. It answers each command with 'ok' or the
 * error type Neutron would give, and shows its state in the shape the topology views are compared in.
 */
type FixedIpRequest = { subnet_id?: string; ip_address?: string };
interface Ip { subnet: string; value: bigint }
interface Subnet { id: string; network: string; block: Block; gateway: bigint | null; pools: { first: bigint; last: bigint }[] }
interface Port {
  id: string; network: string; ips: Ip[]; mac: string; groups: string[]; host: string; deviceId: string; deviceOwner: string; portSecurity: boolean;
}
interface Rule {
  id: string; direction: string; ethertype: string; protocol: string | null; min: number | null; max: number | null; prefix: string | null; remote: string | null;
}
interface Group { id: string; project: string; name: string; rules: Rule[] }

const ROUTER_INTERFACE = 'network:router_interface';
const ROUTER_GATEWAY = 'network:router_gateway';
const PROTOCOLS: Record<string, number> = { icmp: 1, tcp: 6, udp: 17, gre: 47, 'ipv6-icmp': 58, icmpv6: 58 };
const WITH_PORTS = new Set([6, 17, 33, 132, 136]);

class Refused extends Error {
  constructor(readonly type: string) {
    super(type);
  }
}
const refuse = (type: string): never => {
  throw new Refused(type);
};

export class NeutronModel {
  private readonly networks = new Map<string, { id: string; project: string; cidr: Block | null; segmentation: number; external: boolean; subnets: string[] }>();
  private readonly subnets = new Map<string, Subnet>();
  private readonly ports = new Map<string, Port>();
  private readonly groups = new Map<string, Group>();
  private readonly defaults = new Map<string, string>();
  private readonly routers = new Map<string, { id: string; project: string; routes: { destination: string; nexthop: string }[] }>();
  private readonly hosts = new Set<string>();

  /** 'ok', or the type of the error that refused the command (and then nothing changed). */
  apply(command: Command): string {
    try {
      this.decide(command);
      return 'ok';
    } catch (error) {
      if (error instanceof Refused) return error.type;
      throw error;
    }
  }

  private decide(c: Command): void {
    switch (c.type) {
      case 'CreateNetworks': {
        if (c.networks.length !== 1) throw new Error('the model decides creates of one network');
        const n = c.networks[0].network;
        if (this.networks.has(n.id)) refuse('Conflict');
        const taken = new Set([...this.networks.values()].map((x) => x.segmentation));
        let segmentation = n.segmentation_id ?? 1;
        if (n.segmentation_id !== undefined && taken.has(segmentation)) refuse('Conflict');
        while (taken.has(segmentation)) segmentation++;
        this.networks.set(n.id, { id: n.id, project: n.project_id, cidr: n.cidr === null ? null : block(n.cidr), segmentation, external: n['router:external'], subnets: [] });
        return;
      }
      case 'DeleteNetwork': {
        const n = this.networks.get(c.id) ?? refuse('NetworkNotFound');
        const owned = (p: { deviceOwner: string }) => ['network:dhcp', 'network:distributed', 'network:floatingip_agent_gateway'].includes(p.deviceOwner);
        if (this.portsOf(n.id).some((p) => !owned(p))) refuse('NetworkInUse');
        for (const p of this.portsOf(n.id)) this.ports.delete(p.id);
        for (const s of n.subnets) this.subnets.delete(s);
        this.networks.delete(n.id);
        return;
      }
      case 'CreateSubnets': {
        if (c.subnets.length !== 1) throw new Error('the model decides creates of one subnet');
        const s = c.subnets[0];
        const n = this.networks.get(s.network_id) ?? refuse('NetworkNotFound');
        if (this.subnets.has(s.id)) refuse('Conflict');
        // Pools are not modelled: a subnet without a cidr is refused before anything else.
        const b = block(s.cidr ?? refuse('BadRequest'));
        const [ra, mode] = [s.ipv6_ra_mode, s.ipv6_address_mode];
        if (b.version === 4 && (ra !== null || mode !== null)) refuse('InvalidInput');
        if (ra !== null && mode !== null && ra !== mode) refuse('InvalidInput');
        if (b.version === 6 && ['slaac', 'dhcpv6-stateless'].includes(mode ?? ra ?? '') && b.prefix !== 64) refuse('InvalidInput');
        if (s.enable_dhcp && b.prefix >= (b.version === 4 ? 31 : 127)) refuse('InvalidInput');
        const inside = (outer: Block) => outer.version === b.version && outer.first <= b.first && b.last <= outer.last;
        if (n.cidr && !inside(n.cidr)) refuse('InvalidInput');
        for (const other of n.subnets.map((id) => this.subnets.get(id)!))
          if (other.block.version === b.version && other.block.first <= b.last && b.first <= other.block.last) refuse('InvalidInput');
        const p2p = b.prefix >= (b.version === 4 ? 31 : 127);
        const usable = p2p ? { first: b.first, last: b.last } : { first: b.first + 1n, last: b.version === 4 ? b.last - 1n : b.last };
        let gateway: bigint | null = b.first === b.last ? null : usable.first;
        if (s.gateway_ip === null) gateway = null;
        else if (s.gateway_ip !== undefined) {
          const g = address(s.gateway_ip);
          if (!within(b, g) || reserved(b, g.value)) refuse('InvalidInput');
          gateway = g.value;
        }
        let pools: Subnet['pools'];
        if (s.allocation_pools === undefined) {
          pools = gateway === null || gateway < usable.first || gateway > usable.last
            ? [usable]
            : [{ first: usable.first, last: gateway - 1n }, { first: gateway + 1n, last: usable.last }].filter((r) => r.first <= r.last);
        } else {
          pools = [];
          for (const p of s.allocation_pools) {
            const start = address(p.start);
            const end = address(p.end);
            if (!within(b, start) || !within(b, end) || reserved(b, start.value) || reserved(b, end.value)) refuse('OutOfBoundsAllocationPool');
            if (start.value > end.value) refuse('InvalidAllocationPool');
            if (pools.some((o) => o.first <= end.value && start.value <= o.last)) refuse('OverlappingAllocationPools');
            if (gateway !== null && start.value <= gateway && gateway <= end.value) refuse('GatewayConflictWithAllocationPools');
            pools.push({ first: start.value, last: end.value });
          }
          pools.sort((x, y) => (x.first < y.first ? -1 : 1));
        }
        this.subnets.set(s.id, { id: s.id, network: n.id, block: b, gateway, pools });
        n.subnets.push(s.id);
        return;
      }
      case 'DeleteSubnet': {
        const s = this.subnets.get(c.id) ?? refuse('SubnetNotFound');
        if ([...this.ports.values()].some((p) => p.ips.some((ip) => ip.subnet === s.id))) refuse('SubnetInUse');
        this.subnets.delete(s.id);
        const n = this.networks.get(s.network)!;
        n.subnets = n.subnets.filter((id) => id !== s.id);
        return;
      }
      case 'CreatePorts': {
        const networkId = c.ports[0].network_id;
        if (c.ports.some((p) => p.network_id !== networkId)) refuse('BadRequest');
        if (!this.networks.has(networkId)) refuse('NetworkNotFound');
        const chosen = new Map<string, Set<bigint>>();
        const macs = new Set<string>();
        const created: Port[] = [];
        for (const r of c.ports) {
          if (this.ports.has(r.id) || created.some((p) => p.id === r.id)) refuse('Conflict');
          const defaultGroup = this.defaults.get(r.project_id);
          // The model's networks keep port security on, the default of their ports.
          const portSecurity = r.port_security_enabled ?? true;
          const wanted = r.security_groups ?? (!portSecurity || r.device_owner.startsWith('network:') || defaultGroup === undefined ? [] : [defaultGroup]);
          const groups = this.checkGroups(wanted, portSecurity);
          const mac = this.chooseMac(networkId, r.id, r.mac_address, r.mac_entropy, macs);
          const ips = this.allocate(networkId, r.id, r.fixed_ips, [], chosen);
          created.push({ id: r.id, network: networkId, ips, mac, groups, host: r['binding:host_id'], deviceId: r.device_id, deviceOwner: r.device_owner, portSecurity });
        }
        for (const p of created) this.ports.set(p.id, p);
        return;
      }
      case 'UpdatePort': {
        const port = this.ports.get(c.id) ?? refuse('PortNotFound');
        const ch = c.changes;
        const macChange = ch.mac_address !== undefined && ch.mac_address.toLowerCase() !== port.mac;
        if (macChange && port.host !== '' && (ch['binding:host_id'] ?? port.host) !== '') refuse('PortBound');
        const groups = this.checkGroups(ch.security_groups ?? port.groups, ch.port_security_enabled ?? port.portSecurity);
        const mac = macChange ? this.chooseMac(port.network, port.id, ch.mac_address, '0', new Set()) : port.mac;
        const ips = ch.fixed_ips === undefined ? port.ips : this.allocate(port.network, port.id, ch.fixed_ips, port.ips, new Map());
        Object.assign(port, { groups, mac, ips, host: ch['binding:host_id'] ?? port.host });
        return;
      }
      case 'DeletePort': {
        const port = this.ports.get(c.id) ?? refuse('PortNotFound');
        if (port.deviceOwner === ROUTER_GATEWAY && !c.by_router) refuse('ServicePortInUse');
        if (port.deviceOwner === ROUTER_INTERFACE && port.deviceId !== '' && !c.by_router) refuse('L3PortInUse');
        this.ports.delete(port.id);
        return;
      }
      case 'CreateSecurityGroup': {
        const g = c.group;
        if (this.groups.has(g.id)) refuse('Conflict');
        if (g.name === 'default' && this.defaults.has(g.project_id)) refuse('SecurityGroupDefaultAlreadyExists');
        this.addGroup(g.id, g.project_id, g.name, c.rule_ids, false);
        return;
      }
      case 'EnsureDefaultSecurityGroup': {
        if (this.defaults.has(c.project_id)) return;
        if (this.groups.has(c.group_id)) refuse('Conflict');
        this.addGroup(c.group_id, c.project_id, 'default', c.rule_ids, true);
        return;
      }
      case 'DeleteSecurityGroup': {
        const g = this.groups.get(c.id) ?? refuse('SecurityGroupNotFound');
        const isDefault = this.defaults.get(g.project) === g.id;
        if (isDefault && !c.by_admin) refuse('SecurityGroupCannotRemoveDefault');
        if ([...this.ports.values()].some((p) => p.groups.includes(g.id))) refuse('SecurityGroupInUse');
        for (const other of this.groups.values()) other.rules = other.rules.filter((r) => r.remote !== g.id);
        this.groups.delete(g.id);
        if (isDefault) this.defaults.delete(g.project);
        return;
      }
      case 'CreateSecurityGroupRule': {
        const r = c.rule;
        const g = this.groups.get(r.security_group_id) ?? refuse('SecurityGroupNotFound');
        if (this.ruleGroup(r.id)) refuse('Conflict');
        if (r.remote_group_id !== null && !this.groups.has(r.remote_group_id)) refuse('SecurityGroupNotFound');
        if (r.remote_group_id !== null && r.remote_ip_prefix !== null) refuse('SecurityGroupMultipleRemoteEntites');
        const name = r.protocol === null ? null : String(r.protocol).toLowerCase();
        const number = name === null ? null : (PROTOCOLS[name] ?? Number(name));
        if (number === 58 && r.ethertype === 'IPv4') refuse('SecurityGroupEthertypeConflictWithProtocol');
        const [min, max] = [r.port_range_min, r.port_range_max];
        if (min !== null || max !== null) {
          if (number === null) refuse('SecurityGroupProtocolRequiredWithPorts');
          else if (WITH_PORTS.has(number)) {
            if ([min, max].some((v) => v !== null && (v < 1 || v > 65535))) refuse('SecurityGroupInvalidPortValue');
            if (min === null || max === null || min > max) refuse('SecurityGroupInvalidPortRange');
          } else if (number === 1 || number === 58) {
            if ([min, max].some((v) => v !== null && (v < 0 || v > 255))) refuse('SecurityGroupInvalidIcmpValue');
            if (min === null && max !== null) refuse('SecurityGroupMissingIcmpType');
          } else refuse('SecurityGroupInvalidPortRange');
        }
        // Kept as given, with its length explicit: two prefixes of one block are two rules, as in Neutron.
        let prefix: string | null = null;
        if (r.remote_ip_prefix !== null) {
          const b = block(r.remote_ip_prefix);
          if ((b.version === 4) !== (r.ethertype === 'IPv4')) refuse('SecurityGroupRuleParameterConflict');
          prefix = `${text(b.version, address(r.remote_ip_prefix.split('/')[0]).value)}/${b.prefix}`;
        }
        const rule: Rule = { id: r.id, direction: r.direction, ethertype: r.ethertype, protocol: name, min, max, prefix, remote: r.remote_group_id };
        const protocolOf = (x: Rule) => (x.protocol === null ? null : (PROTOCOLS[x.protocol] ?? Number(x.protocol)));
        const same = g.rules.some((x) => x.direction === rule.direction && x.ethertype === rule.ethertype && protocolOf(x) === number && x.min === min && x.max === max && x.prefix === prefix && x.remote === rule.remote);
        if (same) refuse('SecurityGroupRuleExists');
        g.rules.push(rule);
        return;
      }
      case 'DeleteSecurityGroupRule': {
        const g = this.ruleGroup(c.id) ?? refuse('SecurityGroupRuleNotFound');
        g.rules = g.rules.filter((r) => r.id !== c.id);
        return;
      }
      case 'CreateRouter': {
        const r = c.router;
        if (this.routers.has(r.id)) refuse('Conflict');
        let gatewayPort: Port | undefined;
        if (r.external_gateway_info) {
          const n = this.networks.get(r.external_gateway_info.network_id) ?? refuse('NetworkNotFound');
          if (!n.external) refuse('BadRequest');
          // The gateway is a port of its own on the external network, with an address chosen as for any port.
          const id = c.gateway_port_id!;
          if (this.ports.has(id)) refuse('Conflict');
          const ips = this.allocate(n.id, id, r.external_gateway_info.external_fixed_ips, [], new Map());
          const mac = this.chooseMac(n.id, id, undefined, c.mac_entropy!, new Set());
          gatewayPort = { id, network: n.id, ips, mac, groups: [], host: '', deviceId: r.id, deviceOwner: ROUTER_GATEWAY, portSecurity: false };
        }
        this.checkRoutes(r.id, r.routes);
        this.routers.set(r.id, { id: r.id, project: r.project_id, routes: r.routes });
        if (gatewayPort) this.ports.set(gatewayPort.id, gatewayPort);
        return;
      }
      case 'UpdateRouter': {
        const r = this.routers.get(c.id) ?? refuse('RouterNotFound');
        if (c.changes.routes) this.checkRoutes(r.id, c.changes.routes);
        r.routes = c.changes.routes ?? r.routes;
        return;
      }
      case 'DeleteRouter': {
        const r = this.routers.get(c.id) ?? refuse('RouterNotFound');
        if (this.interfaces(r.id).length > 0) refuse('RouterInUse');
        for (const p of [...this.ports.values()]) if (p.deviceOwner === ROUTER_GATEWAY && p.deviceId === r.id) this.ports.delete(p.id);
        this.routers.delete(r.id);
        return;
      }
      case 'AddRouterInterface': {
        if ((c.subnet_id === undefined) === (c.port_id === undefined)) refuse('BadRequest');
        const router = this.routers.get(c.router_id) ?? refuse('RouterNotFound');
        if (c.port_id !== undefined) {
          const port = this.ports.get(c.port_id) ?? refuse('PortNotFound');
          if (port.deviceId !== '' || port.deviceOwner !== '') refuse('PortInUse');
          if (port.ips.length === 0) refuse('BadRequest');
          for (const ip of port.ips) this.checkJoin(router.id, ip.subnet);
          Object.assign(port, { deviceId: router.id, deviceOwner: ROUTER_INTERFACE });
          return;
        }
        if (this.ports.has(c.new_port_id)) refuse('Conflict');
        const subnet = this.subnets.get(c.subnet_id!) ?? refuse('SubnetNotFound');
        if (subnet.gateway === null) refuse('BadRequest');
        this.checkJoin(router.id, subnet.id);
        if (this.holder(subnet.id, subnet.gateway!) !== undefined) refuse('IpAddressAlreadyAllocated');
        const mac = this.chooseMac(subnet.network, c.new_port_id, undefined, c.mac_entropy, new Set());
        this.ports.set(c.new_port_id, {
          id: c.new_port_id, network: subnet.network, ips: [{ subnet: subnet.id, value: subnet.gateway! }], mac, groups: [], host: '',
          deviceId: router.id, deviceOwner: ROUTER_INTERFACE, portSecurity: false,
        });
        return;
      }
      case 'RemoveRouterInterface': {
        const router = this.routers.get(c.router_id) ?? refuse('RouterNotFound');
        const found = this.interfaces(router.id).find((p) => p.ips.some((ip) => ip.subnet === c.subnet_id)) ?? refuse('RouterInterfaceNotFoundForSubnet');
        const blocks = found.ips.map((ip) => this.subnets.get(ip.subnet)).filter((s) => s !== undefined).map((s) => s.block);
        if (router.routes.some((r) => blocks.some((b) => within(b, address(r.nexthop))))) refuse('RouterInterfaceInUseByRoute');
        this.ports.delete(found.id);
        return;
      }
      case 'RegisterHost':
        if (this.hosts.has(c.host.id)) refuse('HostAlreadyRegistered');
        this.hosts.add(c.host.id);
        return;
      case 'RemoveHost':
        if (!this.hosts.has(c.id)) refuse('HostNotFound');
        if ([...this.ports.values()].some((p) => p.host === c.id)) refuse('HostInUse');
        this.hosts.delete(c.id);
        return;
      default:
        throw new Error(`the model does not know ${c.type}`);
    }
  }

  private portsOf(network: string): Port[] {
    return [...this.ports.values()].filter((p) => p.network === network);
  }

  private holder(subnet: string, value: bigint): string | undefined {
    return [...this.ports.values()].find((p) => p.ips.some((ip) => ip.subnet === subnet && ip.value === value))?.id;
  }

  private ruleGroup(ruleId: string): Group | undefined {
    return [...this.groups.values()].find((g) => g.rules.some((r) => r.id === ruleId));
  }

  private interfaces(router: string): Port[] {
    return [...this.ports.values()].filter((p) => p.deviceOwner === ROUTER_INTERFACE && p.deviceId === router);
  }

  private addGroup(id: string, project: string, name: string, ruleIds: readonly string[], withIngress: boolean): void {
    const rule = (i: number, direction: string, ethertype: string, remote: string | null): Rule =>
      ({ id: ruleIds[i], direction, ethertype, protocol: null, min: null, max: null, prefix: null, remote });
    const rules = [rule(0, 'egress', 'IPv4', null), rule(1, 'egress', 'IPv6', null)];
    if (withIngress) rules.push(rule(2, 'ingress', 'IPv4', id), rule(3, 'ingress', 'IPv6', id));
    this.groups.set(id, { id, project, name, rules });
    if (name === 'default' && !this.defaults.has(project)) this.defaults.set(project, id);
  }

  private checkGroups(groups: readonly string[], portSecurity: boolean): string[] {
    for (const g of groups) if (!this.groups.has(g)) refuse('SecurityGroupNotFound');
    if (!portSecurity && groups.length > 0) refuse('PortSecurityAndIPRequiredForSecurityGroups');
    return [...new Set(groups)];
  }

  private checkRoutes(router: string, routes: readonly { nexthop: string }[]): void {
    const blocks = this.interfaces(router).flatMap((p) => p.ips.map((ip) => this.subnets.get(ip.subnet)!.block));
    for (const r of routes) if (!blocks.some((b) => within(b, address(r.nexthop)))) refuse('InvalidRoutes');
  }

  private checkJoin(router: string, subnetId: string): void {
    const subnet = this.subnets.get(subnetId)!;
    for (const p of this.interfaces(router))
      for (const ip of p.ips) {
        const other = this.subnets.get(ip.subnet)!;
        if (other.id === subnetId) refuse('BadRequest');
        if (other.block.version === subnet.block.version && other.block.first <= subnet.block.last && subnet.block.first <= other.block.last) refuse('BadRequest');
      }
  }

  private chooseMac(network: string, portId: string, requested: string | undefined, entropy: string, chosen: Set<string>): string {
    const taken = (mac: string) => chosen.has(mac) || this.portsOf(network).some((p) => p.id !== portId && p.mac === mac);
    if (requested !== undefined) {
      const mac = requested.toLowerCase();
      if (taken(mac)) refuse('MacAddressInUse');
      chosen.add(mac);
      return mac;
    }
    let suffix = BigInt(entropy) & 0xffffffn;
    const macOf = (s: bigint) => `fa:16:3e:${s.toString(16).padStart(6, '0').replace(/(..)(..)(..)/, '$1:$2:$3')}`;
    while (taken(macOf(suffix))) suffix = (suffix + 1n) & 0xffffffn;
    chosen.add(macOf(suffix));
    return macOf(suffix);
  }

  /** The lowest pool address that no port holds and this decision has not taken yet. */
  private firstFree(subnet: Subnet, chosen: Set<bigint>): bigint | undefined {
    for (const pool of subnet.pools)
      for (let v = pool.first; v <= pool.last; v++) if (!chosen.has(v) && this.holder(subnet.id, v) === undefined) return v;
    return undefined;
  }

  private allocate(network: string, portId: string, requests: readonly FixedIpRequest[] | undefined, held: Ip[], chosen: Map<string, Set<bigint>>): Ip[] {
    const chosenIn = (s: string) => chosen.get(s) ?? chosen.set(s, new Set()).get(s)!;
    const subnets = this.networks.get(network)!.subnets.map((id) => this.subnets.get(id)!);
    const take = (s: Subnet, value: bigint): Ip => {
      chosenIn(s.id).add(value);
      return { subnet: s.id, value };
    };
    if (requests === undefined) {
      const ips: Ip[] = [];
      for (const version of [4, 6]) {
        const candidates = subnets.filter((s) => s.block.version === version);
        if (candidates.length === 0) continue;
        const found = candidates.map((s) => [s, this.firstFree(s, chosenIn(s.id))] as const).find(([, v]) => v !== undefined);
        if (!found) refuse('IpAddressGenerationFailure');
        ips.push(take(found![0], found![1]!));
      }
      return ips;
    }
    const ordered = [...requests.filter((r) => r.ip_address !== undefined), ...requests.filter((r) => r.ip_address === undefined)];
    return ordered.map((r) => {
      const inNetwork = (id: string) => subnets.find((s) => s.id === id) ?? refuse('InvalidInput');
      if (r.ip_address !== undefined) {
        const ip = address(r.ip_address);
        const s = r.subnet_id !== undefined ? inNetwork(r.subnet_id) : (subnets.find((x) => within(x.block, ip)) ?? refuse('InvalidIpForNetwork'));
        if (!within(s.block, ip) || reserved(s.block, ip.value)) refuse('InvalidIpForSubnet');
        const holder = this.holder(s.id, ip.value);
        if ((holder !== undefined && holder !== portId) || chosenIn(s.id).has(ip.value)) refuse('IpAddressAlreadyAllocated');
        return take(s, ip.value);
      }
      if (r.subnet_id === undefined) return refuse('InvalidInput');
      const s = inNetwork(r.subnet_id);
      const kept = held.find((h) => h.subnet === s.id && !chosenIn(s.id).has(h.value));
      if (kept) return take(s, kept.value);
      const value = this.firstFree(s, chosenIn(s.id)) ?? refuse('IpAddressGenerationFailure');
      return take(s, value);
    });
  }

  /** The model's state in the shape of `observe` (property-tests/model/observe.ts). */
  view() {
    const byId = <T extends { id: string }>(items: Iterable<T>) => [...items].sort((a, b) => a.id.localeCompare(b.id));
    const ipText = (ip: Ip) => ({ subnet_id: ip.subnet, ip_address: text(this.subnets.get(ip.subnet)!.block.version, ip.value) });
    const range = (s: Subnet, r: { first: bigint; last: bigint }) => ({ start: text(s.block.version, r.first), end: text(s.block.version, r.last) });
    return {
      networks: byId(this.networks.values()).map((n) => ({ id: n.id, segmentation_id: n.segmentation, subnets: n.subnets })),
      subnets: byId(this.subnets.values()).map((s) => ({
        id: s.id, network_id: s.network, cidr: `${text(s.block.version, s.block.first)}/${s.block.prefix}`,
        gateway_ip: s.gateway === null ? null : text(s.block.version, s.gateway), allocation_pools: s.pools.map((r) => range(s, r)),
      })),
      ports: byId(this.ports.values()).map((p) => ({
        id: p.id, network_id: p.network, fixed_ips: p.ips.map(ipText), mac_address: p.mac, security_groups: p.groups,
        host: p.host, device_id: p.deviceId, device_owner: p.deviceOwner,
      })),
      security_groups: byId(this.groups.values()).map((g) => ({ id: g.id, name: g.name, rules: byId(g.rules) })),
      routers: byId(this.routers.values()).map((r) => ({ id: r.id, routes: r.routes })),
      hosts: [...this.hosts].sort(),
    };
  }
}
