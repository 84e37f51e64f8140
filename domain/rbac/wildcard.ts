import * as E from 'fp-ts/lib/Either.js';
import type { DomainEvent } from '../events.js';
import { domainError, type DomainError } from '../common/errors.js';
import type { NetworkFields } from '../network/network.js';
import type { NetworkState } from '../world.js';
import { hasWildcard, unsharingStrands } from './access.js';
import { ANY_PROJECT, type RbacAction } from './rbac-policy.js';

/** The network attributes that stand for a wildcard policy, as in Neutron. */
const FLAGS = [
  ['shared', 'access_as_shared'],
  ['router:external', 'access_as_external'],
] as const satisfies readonly (readonly [keyof NetworkFields, RbacAction])[];

/** Ids for the wildcard policies a command may create, from the caller (domain/ makes no ids). */
export type WildcardPolicyIds = Partial<Record<RbacAction, string>>;

const created = (network: Pick<NetworkFields, 'id' | 'project_id'>, action: RbacAction, ids: WildcardPolicyIds): DomainEvent => ({
  type: 'RbacPolicyCreated',
  version: 1,
  data: {
    policy: {
      id: ids[action] ?? `${network.id}-${action}`,
      project_id: network.project_id,
      object_type: 'network',
      object_id: network.id,
      action,
      target_tenant: ANY_PROJECT,
    },
  },
});

/** The wildcard policies a new network's `shared` and `router:external` make. */
export const wildcardsOfNewNetwork = (network: NetworkFields, ids: WildcardPolicyIds = {}): DomainEvent[] =>
  FLAGS.filter(([flag]) => network[flag]).map(([, action]) => created(network, action, ids));

/**
 * The policy changes an update of `shared` or `router:external` makes: the wildcard policy is
 * created, or removed (with the external policies naming a project). `shared` stays while other projects use the network (unsharingStrands);
 * `router:external` has no such check, as in Neutron (its gateway rule is the network decider's).
 */
export const wildcardChanges = (
  state: NetworkState,
  changes: Partial<Pick<NetworkFields, 'shared' | 'router:external'>>,
  ids: WildcardPolicyIds = {},
): E.Either<DomainError, DomainEvent[]> => {
  const events: DomainEvent[] = [];
  for (const [flag, action] of FLAGS) {
    const wanted = changes[flag];
    if (wanted === undefined || wanted === hasWildcard(state.policies.values(), action)) continue;
    if (wanted) events.push(created(state.network, action, ids));
    else {
      // Neutron names the network by its name here, even an empty one.
      if (flag === 'shared' && unsharingStrands(state))
        return E.left(domainError('InvalidSharedSetting', `Unable to reconfigure sharing settings for network ${state.network.name}. Multiple tenants are using it.`));
      // Neutron's router:external=false removes every access_as_external policy, the ones naming a project too; shared=false only the wildcard.
      for (const policy of state.policies.values())
        if (policy.action === action && (flag === 'router:external' || policy.target_tenant === ANY_PROJECT))
          events.push({ type: 'RbacPolicyDeleted', version: 1, data: { id: policy.id, object_id: state.network.id } });
    }
  }
  return E.right(events);
};
