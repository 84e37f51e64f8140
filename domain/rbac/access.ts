import type { NetworkState } from '../world.js';
import { ANY_PROJECT, type RbacAction, type RbacPolicyFields } from './rbac-policy.js';

const grants = (policy: RbacPolicyFields, project: string, action?: RbacAction): boolean =>
  (action === undefined || policy.action === action) && (policy.target_tenant === ANY_PROJECT || policy.target_tenant === project);

/** Whether a project may use a network: its owner, or a project a policy grants it to (with `action`, or either). */
export const mayUseNetwork = (state: NetworkState, project: string, action?: RbacAction): boolean => {
  if (state.network.project_id === project) return true;
  for (const policy of state.policies.values()) if (grants(policy, project, action)) return true;
  return false;
};

/**
 * Whether a network is external for a project, as Neutron's external-network RBAC has it: flagged
 * `router:external` (the wildcard policy), or an access_as_external policy naming the project (its
 * owner's, once it has any such policy).
 */
export const isExternalFor = (state: NetworkState, project: string): boolean => {
  if (state.network['router:external']) return true;
  for (const policy of state.policies.values())
    if (policy.action === 'access_as_external' && (policy.target_tenant === project || state.network.project_id === project)) return true;
  return false;
};

/** Whether a wildcard policy of this action is on the network: what `shared` and `router:external` show. */
export const hasWildcard = (policies: Iterable<RbacPolicyFields>, action: RbacAction): boolean => {
  for (const policy of policies) if (policy.action === action && policy.target_tenant === ANY_PROJECT) return true;
  return false;
};

const grantedByOthers = (state: NetworkState, policy: RbacPolicyFields, project: string): boolean =>
  [...state.policies.values()].some((other) => other.id !== policy.id && grants(other, project, policy.action));

/**
 * Whether `shared` may not turn false, as Neutron's update_network checks it: a subnet, or a port
 * other than the control plane's own (device_owner network:*: DHCP, router and floating IP ports),
 * of a project that is not the owner and has no access_as_shared policy of its own.
 */
export const unsharingStrands = (state: NetworkState): boolean => {
  const allowed = new Set([state.network.project_id]);
  for (const policy of state.policies.values()) if (policy.action === 'access_as_shared' && policy.target_tenant !== ANY_PROJECT) allowed.add(policy.target_tenant);
  const users = [...[...state.ports.values()].filter((port) => !port.device_owner.startsWith('network:')), ...[...state.subnets.values()].map(({ subnet }) => subnet)];
  return users.some((user) => !allowed.has(user.project_id));
};

/**
 * Whether an access_as_shared policy may not go or move, as Neutron's RBAC check has it (unlike
 * unsharing by update, it counts every port, the control plane's own too): a port of a project it
 * grants, not the owner, that no other access_as_shared policy lets in. Only the policies in place
 * count, not what a move would grant.
 */
export const sharedGrantInUse = (state: NetworkState, policy: RbacPolicyFields): boolean =>
  [...state.ports.values()].some(
    (port) => port.project_id !== state.network.project_id && grants(policy, port.project_id) && !grantedByOthers(state, policy, port.project_id),
  );

/**
 * Why an access_as_external policy may not go or move to `target` (Neutron's
 * _validate_ext_not_in_use_by_tenant), given the projects of the routers whose gateway is on the
 * network: a default external network keeps its wildcard; otherwise a gateway router's project that
 * no other access_as_external policy (nor `target`) lets in, the owner's too. Floating IPs need no policy.
 */
export const externalGrantInUse = (state: NetworkState, policy: RbacPolicyFields, gatewayProjects: readonly string[], target?: string): string | undefined => {
  if (policy.target_tenant === ANY_PROJECT && state.network.is_default) return 'Default external networks must be shared to everyone.';
  const stranded = gatewayProjects.some((project) => grants(policy, project) && project !== target && !grantedByOthers(state, policy, project));
  return stranded ? 'There are routers attached to this network that depend on this policy for access.' : undefined;
};
