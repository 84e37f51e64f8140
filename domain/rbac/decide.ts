import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { appendTo, checkRevision, decided, writing, type Decider, type Decision } from '../common/decision.js';
import { domainError } from '../common/errors.js';
import { streamOfNetwork, streamsOfNetworks } from '../network/network.js';
import { quotaAllows } from '../quota/limits.js';
import type { NetworkState, World } from '../world.js';
import { externalGrantInUse, hasWildcard, sharedGrantInUse } from './access.js';
import { ROUTER_GATEWAY_OWNER } from '../port/port.js';
import type { CreateRbacPolicy, DeleteRbacPolicy, UpdateRbacPolicy } from './commands.js';
import type { DomainEvent } from '../events.js';
import type { RbacPolicy, RbacPolicyFields } from './rbac-policy.js';

const notFound = (id: string) => domainError('RbacPolicyNotFound', `RBAC policy of type network with ID ${id} not found`);

/** Neutron wraps the details in its callback's failure ("Callback ... failed with"), which names its Python objects: left out. */
const inUse = (networkId: string, details: string) =>
  domainError('RbacPolicyInUse', `RBAC policy on object ${networkId} cannot be removed because other objects depend on it.\nDetails: ${details}`);

/** The projects of the routers whose gateway port is on the network (the ports are in its stream, and a router's project never changes). */
const gatewayProjects = (world: World, state: NetworkState): string[] =>
  [...state.ports.values()].filter((port) => port.device_owner === ROUTER_GATEWAY_OWNER).map((port) => world.routers.get(port.device_id)?.project_id ?? '');

/**
 * Why a policy may not go, or move to `target`: the projects it lets in still need it (its own
 * check per action, as Neutron's callbacks have it). A move to the same project changes nothing.
 */
const stillNeeded = (world: World, state: NetworkState, policy: RbacPolicyFields, target?: string): string | undefined => {
  if (target === policy.target_tenant) return undefined;
  if (policy.action === 'access_as_external') return externalGrantInUse(state, policy, gatewayProjects(world, state), target);
  return sharedGrantInUse(state, policy) ? `Unable to reconfigure sharing settings for network ${state.network.id}. Multiple tenants are using it.` : undefined;
};

const duplicate = (state: NetworkState, policy: RbacPolicyFields): boolean =>
  [...state.policies.values()].some((p) => p.id !== policy.id && p.action === policy.action && p.target_tenant === policy.target_tenant);

const found = (world: World, id: string): { state: NetworkState; policy: RbacPolicy } | undefined => {
  const state = world.networks.get(world.policyNetwork.get(id) ?? '');
  const policy = state?.policies.get(id);
  return state && policy && { state, policy };
};

/**
 * The network's `shared` and `router:external` after its policies become `after`: a NetworkUpdated
 * when a wildcard policy came or went, so the network's own history says when it was shared.
 */
const flagsAfter = (state: NetworkState, after: readonly RbacPolicyFields[]): DomainEvent[] => {
  const changes: { shared?: boolean; 'router:external'?: boolean } = {};
  const shared = hasWildcard(after, 'access_as_shared');
  const external = hasWildcard(after, 'access_as_external');
  if (shared !== state.network.shared) changes.shared = shared;
  if (external !== state.network['router:external']) changes['router:external'] = external;
  return Object.keys(changes).length === 0 ? [] : [{ type: 'NetworkUpdated', version: 1, data: { id: state.network.id, changes } }];
};

const policiesWith = (state: NetworkState, without: string, added?: RbacPolicyFields): RbacPolicyFields[] => [
  ...[...state.policies.values()].filter((p) => p.id !== without),
  ...(added ? [added] : []),
];

export const decideCreateRbacPolicy = (command: CreateRbacPolicy, world: World): Decision => {
  const { policy } = command;
  if (world.policyNetwork.has(policy.id)) return E.left(domainError('Conflict', `RBAC policy ${policy.id} already exists.`));
  const state = world.networks.get(policy.object_id);
  if (!state) return E.left(domainError('InvalidInput', `Invalid input for operation: Network ${policy.object_id} could not be found.`));
  if (duplicate(state, policy)) return E.left(domainError('DuplicateRbacPolicy', 'An RBAC policy already exists with those values.'));
  return pipe(
    quotaAllows(world, policy.project_id, 'rbac_policy'),
    E.chain(() =>
      decided(
        appendTo(world, streamOfNetwork(state.network.id), [
          { type: 'RbacPolicyCreated', version: 1, data: { policy } },
          ...flagsAfter(state, policiesWith(state, policy.id, policy)),
        ]),
      ),
    ),
  );
};

/** A new target is the old policy removed and a new one granted: refused when a project using the network would lose it. */
export const decideUpdateRbacPolicy = (command: UpdateRbacPolicy, world: World): Decision => {
  const at = found(world, command.id);
  if (!at) return E.left(notFound(command.id));
  const after = { ...at.policy, ...command.changes };
  if (duplicate(at.state, after)) return E.left(domainError('DuplicateRbacPolicy', 'An RBAC policy already exists with those values.'));
  const needed = stillNeeded(world, at.state, at.policy, after.target_tenant);
  if (needed !== undefined) return E.left(inUse(at.state.network.id, needed));
  return pipe(
    checkRevision(at.policy, command.if_revision),
    E.chain(() =>
      decided(
        appendTo(world, streamOfNetwork(at.state.network.id), [
          { type: 'RbacPolicyUpdated', version: 1, data: { id: at.policy.id, object_id: at.state.network.id, changes: command.changes } },
          ...flagsAfter(at.state, policiesWith(at.state, at.policy.id, after)),
        ]),
      ),
    ),
  );
};

export const decideDeleteRbacPolicy = (command: DeleteRbacPolicy, world: World): Decision => {
  const at = found(world, command.id);
  if (!at) return E.left(notFound(command.id));
  const needed = stillNeeded(world, at.state, at.policy);
  if (needed !== undefined) return E.left(inUse(at.state.network.id, needed));
  return pipe(
    checkRevision(at.policy, command.if_revision),
    E.chain(() =>
      decided(
        appendTo(world, streamOfNetwork(at.state.network.id), [
          { type: 'RbacPolicyDeleted', version: 1, data: { id: at.policy.id, object_id: at.state.network.id } },
          ...flagsAfter(at.state, policiesWith(at.state, at.policy.id)),
        ]),
      ),
    ),
  );
};

/** A policy lives in the stream of the network it shares. */
export const createRbacPolicy: Decider<CreateRbacPolicy> = {
  streams: (command, world) => writing(...streamsOfNetworks([world.networks.has(command.policy.object_id) ? command.policy.object_id : undefined])),
  decide: decideCreateRbacPolicy,
};
export const updateRbacPolicy: Decider<UpdateRbacPolicy> = { streams: (command, world) => writing(...streamsOfNetworks([world.policyNetwork.get(command.id)])), decide: decideUpdateRbacPolicy };
export const deleteRbacPolicy: Decider<DeleteRbacPolicy> = { streams: (command, world) => writing(...streamsOfNetworks([world.policyNetwork.get(command.id)])), decide: decideDeleteRbacPolicy };
