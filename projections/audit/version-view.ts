import {
  DEFAULT_GROUP_NAME,
  type AddressGroup,
  type AddressScope,
  type Host,
  type Network,
  type Port,
  type RbacPolicy,
  type Router,
  type SecurityGroup,
  type SecurityGroupRule,
  type Subnet,
  type SubnetPool,
} from '../../domain/index.js';
import { addressGroupView } from '../topology/address-group-view.js';
import { addressScopeView } from '../topology/address-scope-view.js';
import { rbacPolicyView } from '../topology/rbac-policy-view.js';
import { subnetPoolView } from '../topology/subnet-pool-view.js';
import { hostView } from '../topology/host-view.js';
import { networkView, NO_SCOPES, type NetworkScopes } from '../topology/network-view.js';
import { portView } from '../topology/port-view.js';
import { routerView } from '../topology/router-view.js';
import { securityGroupRuleView, securityGroupView } from '../topology/security-group-view.js';
import { subnetView } from '../topology/subnet-view.js';
import type { ResourceKind } from './subjects.js';

/**
 * Kinds whose view follows from the resource's own history (a rule's: and its group's; a host's:
 * and its goal state, whose port table is the ports bound to it).
 */
export const SELF_CONTAINED_KINDS = [
  'network', 'subnet', 'port', 'router', 'security_group', 'security_group_rule', 'host', 'address_scope', 'subnetpool', 'rbac_policy', 'address_group',
] as const satisfies readonly ResourceKind[];
export type SelfContainedKind = (typeof SELF_CONTAINED_KINDS)[number];

/** What a view needs besides the resource's own history: a rule's group's history, a host's bound ports. */
interface Related {
  readonly groupVersions?: readonly Versioned[];
  readonly boundPorts?: number;
  /** A network's address scopes (its subnets' pools' scopes) at that moment. */
  readonly scopes?: NetworkScopes;
  /** An RBAC policy's network's history (deleting a network deletes its policies without an event of theirs). */
  readonly networkVersions?: readonly Versioned[];
  /** Whether a port's host was registered at that moment. */
  readonly hostRegistered?: boolean;
}

/** One version of a resource's history: the record after an event (`nextVersion`), null once deleted. */
interface Versioned {
  readonly position: number;
  readonly event_type: string;
  readonly resource: Record<string, unknown> | null;
}

/** The version that began a group's current life (an id may be used again after a delete). */
const groupBirth = (versions: readonly Versioned[]) => versions.findLast((v) => v.event_type === 'SecurityGroupCreated');
/** The version that began a rule's current life: with its group, or on its own. */
const ruleBirth = (versions: readonly Versioned[]) => versions.findLast((v) => v.event_type === 'SecurityGroupCreated' || v.event_type === 'SecurityGroupRuleCreated');
/** The version that began a resource's current life: the first after its last absence. */
const lifeBegan = (versions: readonly Versioned[]) => versions[versions.findLastIndex((v, i) => i === 0 || versions[i - 1].resource === null)];

/**
 * A resource as Neutron showed it after the last of its versions, or undefined if it did not exist
 * then: the same view the world gives, so a past show costs the resource's own history, not a world
 * rebuild. A group is its project's default group when it began life named "default" (the decider
 * refuses a second one, and the default one cannot be renamed); a rule lives while its group's
 * current life, which began before the rule's, does (deleting a group deletes its rules without
 * an event of theirs).
 */
export const viewOfVersions = (kind: SelfContainedKind, versions: readonly Versioned[], { groupVersions = [], boundPorts = 0, scopes = NO_SCOPES, hostRegistered = false, networkVersions = [] }: Related = {}) => {
  const record = versions[versions.length - 1]?.resource;
  if (!record) return undefined;
  switch (kind) {
    case 'network': return networkView(record as unknown as Network, record.subnets as string[], scopes);
    case 'subnet': return subnetView(record as unknown as Subnet);
    case 'port': return portView(record as unknown as Port, hostRegistered);
    case 'router': return routerView(record as unknown as Router);
    case 'security_group': return securityGroupView(record as unknown as SecurityGroup, groupBirth(versions)?.resource?.name === DEFAULT_GROUP_NAME);
    case 'security_group_rule': {
      const group = groupBirth(groupVersions);
      const alive = groupVersions[groupVersions.length - 1]?.resource && group && group.position <= ruleBirth(versions)!.position;
      return alive ? securityGroupRuleView(record as unknown as SecurityGroupRule, group.resource?.name === DEFAULT_GROUP_NAME) : undefined;
    }
    case 'host': return hostView(record as unknown as Host, boundPorts);
    case 'address_scope': return addressScopeView(record as unknown as AddressScope);
    case 'subnetpool': return subnetPoolView(record as unknown as SubnetPool);
    case 'rbac_policy': {
      const network = networkVersions.findLast((v) => v.event_type === 'NetworkCreated');
      const alive = networkVersions[networkVersions.length - 1]?.resource && network && network.position <= lifeBegan(versions).position;
      return alive ? rbacPolicyView(record as unknown as RbacPolicy) : undefined;
    }
    case 'address_group': return addressGroupView(record as unknown as AddressGroup);
  }
};
