import type { RecordedEvent } from '../events.js';
import { portOf, subnetState, type World } from '../world.js';
import type { QuotaResource } from './quota.js';

const count = (world: World, project: string | undefined, resource: QuotaResource, delta: number): void => {
  if (project === undefined || delta === 0) return;
  const usage = world.usage.get(project) ?? {};
  const next = (usage[resource] ?? 0) + delta;
  if (next !== 0) {
    usage[resource] = next;
    world.usage.set(project, usage);
    return;
  }
  // Only a count back at zero can leave the project's usage empty.
  delete usage[resource];
  if (Object.keys(usage).length > 0) world.usage.set(project, usage);
  else world.usage.delete(project);
};

/**
 * Counts what an event creates or deletes against its project, before the event is folded (a
 * delete names only an id: its project is read from the world as it still is).
 */
export const countUsage = (world: World, event: RecordedEvent): void => {
  switch (event.type) {
    case 'NetworkCreated': return count(world, event.data.network.project_id, 'network', 1);
    case 'NetworkDeleted': {
      const state = world.networks.get(event.data.id);
      count(world, state?.network.project_id, 'network', -1);
      for (const policy of state?.policies.values() ?? []) count(world, policy.project_id, 'rbac_policy', -1);
      return;
    }
    case 'RbacPolicyCreated': return count(world, event.data.policy.project_id, 'rbac_policy', 1);
    case 'RbacPolicyDeleted': return count(world, world.networks.get(event.data.object_id)?.policies.get(event.data.id)?.project_id, 'rbac_policy', -1);
    case 'FloatingIpCreated': return count(world, event.data.floating_ip.project_id, 'floatingip', 1);
    case 'FloatingIpDeleted': return count(world, world.floatingIps.get(event.data.id)?.project_id, 'floatingip', -1);
    case 'SubnetPoolCreated': return count(world, event.data.pool.project_id, 'subnetpool', 1);
    case 'SubnetPoolDeleted': return count(world, world.subnetPools.get(event.data.id)?.project_id, 'subnetpool', -1);
    case 'SubnetCreated': return count(world, event.data.subnet.project_id, 'subnet', 1);
    case 'SubnetDeleted': return count(world, subnetState(world, event.data.id)?.subnet.project_id, 'subnet', -1);
    case 'PortCreated': return count(world, event.data.port.project_id, 'port', 1);
    case 'PortDeleted': return count(world, portOf(world, event.data.id)?.project_id, 'port', -1);
    case 'RouterCreated': return count(world, event.data.router.project_id, 'router', 1);
    case 'RouterDeleted': return count(world, world.routers.get(event.data.id)?.project_id, 'router', -1);
    case 'SecurityGroupCreated':
      count(world, event.data.group.project_id, 'security_group', 1);
      for (const rule of event.data.rules) count(world, rule.project_id, 'security_group_rule', 1);
      return;
    case 'SecurityGroupDeleted': {
      const group = world.securityGroups.get(event.data.id);
      count(world, group?.project_id, 'security_group', -1);
      for (const rule of group?.security_group_rules ?? []) count(world, rule.project_id, 'security_group_rule', -1);
      return;
    }
    case 'SecurityGroupRuleCreated': return count(world, event.data.rule.project_id, 'security_group_rule', 1);
    case 'SecurityGroupRuleDeleted': {
      const rule = world.securityGroups.get(event.data.security_group_id)?.security_group_rules.find((r) => r.id === event.data.id);
      return count(world, rule?.project_id, 'security_group_rule', -1);
    }
    default:
      return;
  }
};
