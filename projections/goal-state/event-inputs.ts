import { portOf, ROUTER_GATEWAY_OWNER, type Port, type RecordedEvent, type World } from '../../domain/index.js';
import { snatHostOf } from './gateway-host.js';
import type { Input, InputChanges } from './inputs.js';
import { placePort, type Placement } from './placement.js';

export type InputChange = { [I in Input]: { readonly input: I; readonly change: InputChanges[I] } }[Input];

const forgetRule = (placement: Placement, group: string, rule: string): string | undefined => {
  const rules = placement.remoteRules.get(group);
  const remote = rules?.get(rule);
  rules?.delete(rule);
  if (rules?.size === 0) placement.remoteRules.delete(group);
  return remote;
};

const rememberRule = (placement: Placement, group: string, rule: string, remote: string): void => {
  const rules = placement.remoteRules.get(group) ?? new Map<string, string>();
  rules.set(rule, remote);
  placement.remoteRules.set(group, rules);
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
    case 'SecurityGroupCreated': {
      const group = event.data.group.id;
      const inputs: InputChange[] = [{ input: 'securityGroup', change: { id: group } }];
      for (const rule of event.data.rules)
        if (rule.remote_group_id) {
          rememberRule(placement, group, rule.id, rule.remote_group_id);
          inputs.push({ input: 'remoteRule', change: { group, remoteGroup: rule.remote_group_id } });
        }
      return inputs;
    }
    case 'SecurityGroupUpdated':
      return [{ input: 'securityGroup', change: { id: event.data.id } }];
    case 'SecurityGroupDeleted':
      placement.remoteRules.delete(event.data.id);
      return [{ input: 'securityGroup', change: { id: event.data.id } }];
    case 'SecurityGroupRuleCreated': {
      const { rule } = event.data;
      const inputs: InputChange[] = [{ input: 'securityGroup', change: { id: rule.security_group_id } }];
      if (rule.remote_group_id) {
        rememberRule(placement, rule.security_group_id, rule.id, rule.remote_group_id);
        inputs.push({ input: 'remoteRule', change: { group: rule.security_group_id, remoteGroup: rule.remote_group_id } });
      }
      return inputs;
    }
    case 'SecurityGroupRuleDeleted': {
      const group = event.data.security_group_id;
      const remote = forgetRule(placement, group, event.data.id);
      const inputs: InputChange[] = [{ input: 'securityGroup', change: { id: group } }];
      if (remote !== undefined) inputs.push({ input: 'remoteRule', change: { group, remoteGroup: remote } });
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
    case 'SegmentationIdReserved':
      return [];
  }
};
