import { portOf, ROUTER_GATEWAY_OWNER, type Port, type RecordedEvent, type SecurityGroupRuleFields, type World } from '../../domain/index.js';
import { snatHostOf } from './gateway-host.js';
import type { Input, InputChanges } from './inputs.js';
import { placePort, type Placement } from './placement.js';

type InputChange = { [I in Input]: { readonly input: I; readonly change: InputChanges[I] } }[Input];

type RuleTargets = Placement['remoteRules'];

const forgetRule = (targets: RuleTargets, group: string, rule: string): string | undefined => {
  const rules = targets.get(group);
  const remote = rules?.get(rule);
  rules?.delete(rule);
  if (rules?.size === 0) targets.delete(group);
  return remote;
};

const rememberRule = (targets: RuleTargets, group: string, rule: string, remote: string): void => {
  const rules = targets.get(group) ?? new Map<string, string>();
  rules.set(rule, remote);
  targets.set(group, rules);
};

/** The inputs a new rule makes besides its group's: the remote group or address group it names. */
const ruleNaming = (placement: Placement, rule: SecurityGroupRuleFields): InputChange[] => {
  const group = rule.security_group_id;
  const inputs: InputChange[] = [];
  if (rule.remote_group_id) {
    rememberRule(placement.remoteRules, group, rule.id, rule.remote_group_id);
    inputs.push({ input: 'remoteRule', change: { group, remoteGroup: rule.remote_group_id } });
  }
  if (rule.remote_address_group_id) {
    rememberRule(placement.addressGroupRules, group, rule.id, rule.remote_address_group_id);
    inputs.push({ input: 'addressGroupRule', change: { group, addressGroup: rule.remote_address_group_id } });
  }
  return inputs;
};

/** Settles again which host does each router's SNAT; says where that changed. */
const resettleSnat = (world: World, placement: Placement, routers: Iterable<string>): InputChange[] => {
  const moved: InputChange[] = [];
  for (const router of new Set(routers)) {
    const before = placement.snatHosts.get(router);
    const after = snatHostOf(world, router);
    if (before === after) continue;
    if (after === undefined) placement.snatHosts.delete(router);
    else placement.snatHosts.set(router, after);
    moved.push({ input: 'snatHost', change: { router, before, after } });
  }
  return moved;
};

const gatewayRouterOf = (port: Port | undefined): string[] => (port?.device_owner === ROUTER_GATEWAY_OWNER ? [port.device_id] : []);

/** A host coming, going or changing may move the SNAT of any router with a gateway. */
const everyGatewayRouter = (world: World, placement: Placement): string[] => [...world.routerGatewayPorts.keys(), ...placement.snatHosts.keys()];

/**
 * Translates one event, already folded into the world, into the graph's inputs, and brings the
 * placement up to date with it (the only place it changes).
 */
export const inputsOf = (event: RecordedEvent, world: World, placement: Placement): InputChange[] => {
  switch (event.type) {
    case 'PortCreated':
    case 'PortUpdated':
    case 'PortDeleted': {
      const id = event.type === 'PortCreated' ? event.data.port.id : event.data.id;
      const before = placement.ports.get(id);
      const after = portOf(world, id);
      const { networks, groups } = placePort(placement, before, after);
      return [
        { input: 'port', change: { before, after } },
        ...networks.map((m): InputChange => ({ input: 'hostNetwork', change: { host: m.host, network: m.id, joined: m.joined } })),
        ...groups.map((m): InputChange => ({ input: 'hostGroup', change: { host: m.host, group: m.id, joined: m.joined } })),
        ...resettleSnat(world, placement, [...gatewayRouterOf(before), ...gatewayRouterOf(after)]),
      ];
    }
    case 'FloatingIpCreated':
    case 'FloatingIpUpdated':
    case 'FloatingIpDeleted': {
      const id = event.type === 'FloatingIpCreated' ? event.data.floating_ip.id : event.data.id;
      const before = placement.floatingIps.get(id);
      const after = world.floatingIps.get(id);
      if (after) placement.floatingIps.set(id, after);
      else placement.floatingIps.delete(id);
      return [{ input: 'floatingIp', change: { before, after } }];
    }
    case 'NetworkCreated':
      return [{ input: 'network', change: { id: event.data.network.id } }];
    case 'NetworkUpdated':
    case 'NetworkDeleted':
      return [{ input: 'network', change: { id: event.data.id } }];
    case 'SubnetCreated':
      return [{ input: 'subnet', change: { id: event.data.subnet.id, network: event.data.subnet.network_id } }];
    case 'SubnetUpdated':
    case 'SubnetDeleted':
      return [{ input: 'subnet', change: { id: event.data.id, network: event.data.network_id } }];
    case 'SecurityGroupCreated':
      return [{ input: 'securityGroup', change: { id: event.data.group.id } }, ...event.data.rules.flatMap((rule) => ruleNaming(placement, rule))];
    case 'SecurityGroupUpdated':
      return [{ input: 'securityGroup', change: { id: event.data.id } }];
    case 'SecurityGroupDeleted':
      placement.remoteRules.delete(event.data.id);
      placement.addressGroupRules.delete(event.data.id);
      return [{ input: 'securityGroup', change: { id: event.data.id } }];
    case 'SecurityGroupRuleCreated':
      return [{ input: 'securityGroup', change: { id: event.data.rule.security_group_id } }, ...ruleNaming(placement, event.data.rule)];
    case 'SecurityGroupRuleDeleted': {
      const group = event.data.security_group_id;
      const remote = forgetRule(placement.remoteRules, group, event.data.id);
      const addressGroup = forgetRule(placement.addressGroupRules, group, event.data.id);
      const inputs: InputChange[] = [{ input: 'securityGroup', change: { id: group } }];
      if (remote !== undefined) inputs.push({ input: 'remoteRule', change: { group, remoteGroup: remote } });
      if (addressGroup !== undefined) inputs.push({ input: 'addressGroupRule', change: { group, addressGroup } });
      return inputs;
    }
    case 'RouterCreated':
    case 'RouterUpdated':
    case 'RouterDeleted': {
      const id = event.type === 'RouterCreated' ? event.data.router.id : event.data.id;
      return [{ input: 'router', change: { id } }, ...resettleSnat(world, placement, [id])];
    }
    case 'HostRegistered':
    case 'HostUpdated':
    case 'HostRemoved': {
      const id = event.type === 'HostRegistered' ? event.data.host.id : event.data.id;
      return [{ input: 'host', change: { id } }, ...resettleSnat(world, placement, everyGatewayRouter(world, placement))];
    }
    case 'AddressGroupCreated':
      return [{ input: 'addressGroup', change: { id: event.data.group.id } }];
    case 'AddressGroupAddressesAdded':
    case 'AddressGroupAddressesRemoved':
    case 'AddressGroupDeleted':
      return [{ input: 'addressGroup', change: { id: event.data.id } }];
    // What hosts program does not depend on these (a pool's cidr is in its subnet's event, a
    // policy's effect in the network's and ports' events, a port's status is what its host said back,
    // a floating IP's mapping is in its own event, a key's stream only orders writes).
    case 'AddressGroupUpdated':
    case 'SegmentationIdReserved':
    case 'AddressScopeCreated':
    case 'AddressScopeUpdated':
    case 'AddressScopeDeleted':
    case 'SubnetPoolCreated':
    case 'SubnetPoolUpdated':
    case 'SubnetPoolDeleted':
    case 'SubnetPoolPrefixAllocated':
    case 'FloatingIpMappedOntoPort':
    case 'IdempotencyKeyUsed':
    case 'RbacPolicyCreated':
    case 'RbacPolicyUpdated':
    case 'RbacPolicyDeleted':
    case 'QuotaUpdated':
    case 'QuotaReset':
    case 'PortStatusChanged':
    // The interface's port events carry what a host needs of it.
    case 'RouterInterfaceAdded':
    case 'RouterInterfaceRemoved':
    case 'FlavorCreated':
    case 'FlavorUpdated':
    case 'FlavorDeleted':
    case 'ServiceProfileCreated':
    case 'ServiceProfileUpdated':
    case 'ServiceProfileDeleted':
    case 'FlavorProfileAssociated':
    case 'FlavorProfileDisassociated':
      return [];
  }
};
