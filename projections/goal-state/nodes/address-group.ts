import { addressGroupBody } from '../bodies.js';
import type { Handler } from '../inputs.js';
import { localGroups } from '../local.js';
import type { Table } from '../node.js';
import type { Body } from '../ops.js';
import { holders, holds } from '../placement.js';

/**
 * The expansion of remote-address-group rules: each address group named by a rule of one of the
 * host's groups, with its blocks. A change of its addresses is one op for each host holding such
 * a group, and none for any other host.
 */
export const addressGroupTable: Table = {
  kind: 'address_group',
  body: addressGroupBody,
  holds: ({ world, placement }, host, id) => {
    if (!world.addressGroups.has(id)) return false;
    for (const group of world.addressGroupReferrers.get(id)?.keys() ?? []) if (holds(placement.groupHosts, group, host)) return true;
    return false;
  },
  compute: (world, host) => {
    const entries = new Map<string, Body>();
    for (const group of localGroups(world, host))
      for (const rule of world.securityGroups.get(group)?.security_group_rules ?? []) {
        const id = rule.remote_address_group_id;
        if (id && world.addressGroups.has(id)) entries.set(id, addressGroupBody(world, id)!);
      }
    return entries;
  },
};

/** A host that gains a group gains the address groups its rules name. */
export const onHostGroup: Handler<'hostGroup'> = ({ host, group }, { placement }, touch) => {
  for (const id of placement.addressGroupRules.get(group)?.values() ?? []) touch(host, id);
};

export const onAddressGroupRule: Handler<'addressGroupRule'> = ({ group, addressGroup }, { placement }, touch) => {
  for (const host of holders(placement.groupHosts, group)) touch(host, addressGroup);
};

export const onAddressGroup: Handler<'addressGroup'> = ({ id }, { world, placement }, touch) => {
  for (const group of world.addressGroupReferrers.get(id)?.keys() ?? []) for (const host of holders(placement.groupHosts, group)) touch(host, id);
};
