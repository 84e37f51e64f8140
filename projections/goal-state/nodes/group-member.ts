import type { Port } from '../../../domain/index.js';
import { groupMemberBody, memberId, memberOf } from '../bodies.js';
import type { Handler, Touch } from '../inputs.js';
import { hostsOfChange, localGroups } from '../local.js';
import type { Table } from '../node.js';
import type { Body } from '../ops.js';
import { holders, holds } from '../placement.js';

/**
 * The expansion of remote-group rules: for each group named as remote_group_id by a rule of one
 * of the host's groups, one entry per member port with its addresses.
 */
export const groupMemberTable: Table = {
  kind: 'group_member',
  body: groupMemberBody,
  holds: ({ world, placement }, host, id) => {
    const { groupId, portId } = memberOf(id);
    if (!world.groupPorts.get(groupId)?.has(portId)) return false;
    for (const referrer of world.groupReferrers.get(groupId)?.keys() ?? []) if (holds(placement.groupHosts, referrer, host)) return true;
    return false;
  },
  compute: (world, host) => {
    const entries = new Map<string, Body>();
    for (const group of localGroups(world, host))
      for (const rule of world.securityGroups.get(group)?.security_group_rules ?? []) {
        if (!rule.remote_group_id) continue;
        for (const portId of world.groupPorts.get(rule.remote_group_id) ?? []) {
          const id = memberId(rule.remote_group_id, portId);
          entries.set(id, groupMemberBody(world, id)!);
        }
      }
    return entries;
  },
};

const touchMembers = (members: Iterable<string>, remoteGroup: string, host: string, touch: Touch): void => {
  for (const portId of members) touch(host, memberId(remoteGroup, portId));
};

/** A host that gains a group gains the members of every group that group's rules name. */
export const onHostGroup: Handler<'hostGroup'> = ({ host, group }, { world, placement }, touch) => {
  for (const remote of placement.remoteRules.get(group)?.values() ?? []) touchMembers(world.groupPorts.get(remote) ?? [], remote, host, touch);
};

export const onRemoteRule: Handler<'remoteRule'> = ({ group, remoteGroup }, { world, placement }, touch) => {
  const members = [...(world.groupPorts.get(remoteGroup) ?? [])];
  for (const host of holders(placement.groupHosts, group)) touchMembers(members, remoteGroup, host, touch);
};

const sameMembership = (a: Port, b: Port): boolean =>
  JSON.stringify(a.security_groups) === JSON.stringify(b.security_groups) && JSON.stringify(a.fixed_ips) === JSON.stringify(b.fixed_ips);

/**
 * A port joining, leaving or readdressing group G reaches the hosts holding a group whose rules
 * name G, and no other; its own old and new host too, whose groups it may just have changed.
 */
export const onPort: Handler<'port'> = ({ before, after }, { world, placement }, touch) => {
  if (before && after && sameMembership(before, after)) return;
  const portId = (after ?? before)!.id;
  const groups = new Set([...(before?.security_groups ?? []), ...(after?.security_groups ?? [])]);
  for (const group of groups) {
    const id = memberId(group, portId);
    for (const referrer of world.groupReferrers.get(group)?.keys() ?? []) for (const host of holders(placement.groupHosts, referrer)) touch(host, id);
    for (const host of hostsOfChange(before, after)) touch(host, id);
  }
};
