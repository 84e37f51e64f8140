import * as E from 'fp-ts/lib/Either.js';
import { actionCheck } from './action-check.js';
import { describeCheck } from './check.js';
import { passes, type Asking } from './evaluate.js';

/** Keystone's default role implications: an admin is also a member, a member also a reader. */
const IMPLIED: Readonly<Record<string, readonly string[]>> = { admin: ['member', 'reader'], member: ['reader'] };

/** Whether the roles make an admin, who passes every check: no role implies admin, so only its own. */
export const hasAdminRole = (roles: readonly string[]): boolean => roles.some((role) => role.toLowerCase() === 'admin');

export const withImpliedRoles = (roles: Iterable<string>): ReadonlySet<string> => {
  const all = new Set<string>();
  for (const role of roles) for (const one of [role.toLowerCase(), ...(IMPLIED[role.toLowerCase()] ?? [])]) all.add(one);
  return all;
};

/**
 * Decides an action on a target: right when allowed, else Neutron's PolicyNotAuthorized message,
 * e.g. "(rule:create_network and rule:create_network:shared) is disallowed by policy".
 * An admin passes every check, as in Neutron with its default `enforce_new_defaults = False`.
 */
export const authorize = (asking: Asking, action: string, collection: string, changed?: readonly string[]): E.Either<string, void> => {
  if (asking.credentials.roles.has('admin')) return E.right(undefined);
  const check = actionCheck(action, collection, asking.target, changed);
  return passes(asking, check) ? E.right(undefined) : E.left(`${describeCheck(check)} is disallowed by policy`);
};

/** The attributes of an item the caller may not see (`get_port:binding:host_id`...); attributes with no rule are seen. */
export const hiddenAttributes = (asking: Asking, singular: string): string[] => {
  if (asking.credentials.roles.has('admin')) return [];
  return Object.keys(asking.target).filter((attribute) => {
    const rule = asking.rules.checks.get(`get_${singular}:${attribute}`);
    return rule !== undefined && !passes(asking, rule);
  });
};
