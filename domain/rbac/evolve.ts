import { created, touched } from '../common/standard-attributes.js';
import type { RecordedEvent } from '../events.js';
import type { World } from '../world.js';
import type { RbacPolicyCreated, RbacPolicyDeleted, RbacPolicyUpdated } from './events.js';

type At = Pick<RecordedEvent, 'metadata'>;

/** `shared` and `router:external` are the network's own: the decider records a NetworkUpdated when a wildcard policy changes them. */
export const rbacPolicyCreated = (world: World, event: RbacPolicyCreated & At): void => {
  const { policy } = event.data;
  const state = world.networks.get(policy.object_id)!;
  const stored = { ...policy, ...created(event.metadata.decidedAt) };
  state.policies.set(policy.id, stored);
  world.policyNetwork.set(policy.id, policy.object_id);
};

export const rbacPolicyUpdated = (world: World, event: RbacPolicyUpdated & At): void => {
  const state = world.networks.get(event.data.object_id)!;
  const before = state.policies.get(event.data.id)!;
  const after = touched({ ...before, ...event.data.changes }, event.metadata.decidedAt);
  state.policies.set(after.id, after);
};

export const rbacPolicyDeleted = (world: World, event: RbacPolicyDeleted): void => {
  const state = world.networks.get(event.data.object_id)!;
  state.policies.delete(event.data.id);
  world.policyNetwork.delete(event.data.id);
};
