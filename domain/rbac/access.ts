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

/**
 * A project other than the owner with a port on the network that no policy left would grant the
 * network to, once `without` is gone and `with` is in place: such a change is refused.
 */
export const strandedProject = (state: NetworkState, without: ReadonlySet<string>, added: readonly RbacPolicyFields[] = []): string | undefined => {
  const left: RbacPolicyFields[] = [...[...state.policies.values()].filter((p) => !without.has(p.id)), ...added];
  for (const port of state.ports.values()) {
    if (port.project_id === state.network.project_id) continue;
    if (!left.some((policy) => grants(policy, port.project_id))) return port.project_id;
  }
  return undefined;
};
