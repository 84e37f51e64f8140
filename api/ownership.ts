import * as E from 'fp-ts/lib/Either.js';
import { mayUseNetwork, type RbacAction, type World } from '../domain/index.js';
import type { Caller } from './context.js';

type Refusal = { status: number; type: string; message: string };

/**
 * The project a new resource belongs to: the body's project_id/tenant_id when given, else the
 * caller's. Only an admin may create in another project.
 */
export const owningProject = (body: Record<string, unknown>, caller: Caller): E.Either<Refusal, string> => {
  const asked = (body.project_id ?? body.tenant_id) as string | undefined;
  if (body.project_id !== undefined && body.tenant_id !== undefined && body.project_id !== body.tenant_id)
    return E.left({ status: 400, type: 'HTTPBadRequest', message: "'project_id' and 'tenant_id' do not match" });
  if (asked === undefined || asked === caller.projectId) return E.right(caller.projectId);
  return caller.isAdmin
    ? E.right(asked)
    : E.left({
        status: 400,
        type: 'HTTPBadRequest',
        message: "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin or advsvc privileges",
      });
};

/** What a caller may change: an admin everything, a project its own. */
export const owns = (item: Record<string, unknown>, caller: Caller): boolean => caller.isAdmin || item.project_id === caller.projectId;

/**
 * What a caller may see: an admin everything, a project its own and what is shared with it.
 * External networks are readable by every project, as in Neutron, so routers can use them as gateways.
 */
export const ownedOrShared = (item: Record<string, unknown>, caller: Caller): boolean =>
  owns(item, caller) || item.shared === true || item['router:external'] === true;

/**
 * Whether a network is the caller's to use: an admin's, its project's, or granted to the project
 * (or to every project) by an RBAC policy (`action` when given: ports need access_as_shared).
 * `shared` and `router:external` flags recorded before policies existed count as wildcard grants.
 */
export const mayUse = (world: World, networkId: string, caller: Caller, action?: RbacAction): boolean => {
  const state = world.networks.get(networkId);
  if (!state) return false;
  if (caller.isAdmin || mayUseNetwork(state, caller.projectId, action)) return true;
  const { shared, 'router:external': external } = state.network;
  return action === 'access_as_shared' ? shared : action === 'access_as_external' ? external : shared || external;
};

/** A network is seen by those who may use it. */
export const networkVisible = (item: Record<string, unknown>, caller: Caller, world: World): boolean => mayUse(world, String(item.id), caller);

/** Security groups a port may name: the caller's own; another project's is 404, as if it did not exist. */
export const visibleGroups = (world: World, groups: unknown, caller: Caller): E.Either<Refusal, void> => {
  for (const id of Array.isArray(groups) ? (groups as string[]) : []) {
    const group = world.securityGroups.get(id);
    if (group && !owns(group, caller)) return E.left({ status: 404, type: 'SecurityGroupNotFound', message: `Security group ${id} does not exist` });
  }
  return E.right(undefined);
};
