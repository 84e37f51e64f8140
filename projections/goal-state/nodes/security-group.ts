import { securityGroupBody } from '../bodies.js';
import type { Handler } from '../inputs.js';
import { localGroups } from '../local.js';
import type { Table } from '../node.js';
import { holders, holds } from '../placement.js';

/** The groups of the host's ports, with their rules (remote groups by id: see group_member). */
export const securityGroupTable: Table = {
  kind: 'security_group',
  body: securityGroupBody,
  holds: ({ placement }, host, id) => holds(placement.groupHosts, id, host),
  compute: (world, host) => new Map([...localGroups(world, host)].map((id) => [id, securityGroupBody(world, id)!] as const)),
};

export const onHostGroup: Handler<'hostGroup'> = ({ host, group }, _context, touch) => touch(host, group);

export const onSecurityGroup: Handler<'securityGroup'> = ({ id }, { placement }, touch) => {
  for (const host of holders(placement.groupHosts, id)) touch(host, id);
};
