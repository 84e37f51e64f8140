import { portOf, type RecordedEvent, type World } from '../../domain/index.js';
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
      ];
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
      return [{ input: 'router', change: { id: event.data.router.id } }];
    case 'RouterUpdated':
    case 'RouterDeleted':
      return [{ input: 'router', change: { id: event.data.id } }];
    case 'HostRegistered':
      return [{ input: 'host', change: { id: event.data.host.id } }];
    case 'HostUpdated':
    case 'HostRemoved':
      return [{ input: 'host', change: { id: event.data.id } }];
    case 'SegmentationIdReserved':
      return [];
  }
};
