import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';
import { RbacPolicyChanges, RbacPolicyFields } from './rbac-policy.js';

/** In the stream of the network the policy is on. */
export const RbacPolicyCreated = eventCodec('RbacPolicyCreated', 1, t.type({ policy: RbacPolicyFields }));
export const RbacPolicyUpdated = eventCodec('RbacPolicyUpdated', 1, t.type({ id: t.string, object_id: t.string, changes: RbacPolicyChanges }));
export const RbacPolicyDeleted = eventCodec('RbacPolicyDeleted', 1, t.type({ id: t.string, object_id: t.string }));
export type RbacPolicyCreated = t.TypeOf<typeof RbacPolicyCreated>;
export type RbacPolicyUpdated = t.TypeOf<typeof RbacPolicyUpdated>;
export type RbacPolicyDeleted = t.TypeOf<typeof RbacPolicyDeleted>;
