import type { OneCommand, World } from '../domain/index.js';
import { newId } from './context.js';

/**
 * The command that creates a project's default group, unless it has one: Neutron creates it on
 * the project's first use (its first port, group, or list of groups).
 */
export const defaultGroupFor = (world: World, projectId: string, groupId = newId()): OneCommand[] =>
  world.defaultSecurityGroups.has(projectId)
    ? []
    : [{ type: 'EnsureDefaultSecurityGroup', project_id: projectId, group_id: groupId, rule_ids: [newId(), newId(), newId(), newId()] }];
