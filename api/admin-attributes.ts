import * as E from 'fp-ts/lib/Either.js';
import type { Caller } from './context.js';
import type { Body } from './resource-description.js';
import type { Refusal } from './read-modify-write.js';

/**
 * Attributes Neutron's default policy lets only an admin set (a pool's or a scope's `shared`, a
 * pool's `is_default`): a project setting one is refused with the rule's name, as Neutron does.
 */
export const adminOnly = (body: Body, attributes: readonly string[], caller: Caller, action: string): E.Either<Refusal, void> => {
  if (caller.isAdmin) return E.right(undefined);
  const set = attributes.find((attribute) => body[attribute] !== undefined);
  return set === undefined
    ? E.right(undefined)
    : E.left({ status: 403, type: 'HTTPForbidden', message: `(rule:${action} and rule:${action}:${set}) is disallowed by policy` });
};
