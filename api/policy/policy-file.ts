import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { parse } from 'yaml';
import { ruleSetOf, type RuleSet } from './rule-set.js';

/** A policy file maps rule names to check strings, as Neutron's policy.yaml does. */
const PolicyFile = t.union([t.record(t.string, t.string), t.null]);

/**
 * Reads a policy file's text (YAML, so JSON too) into the rule set: Neutron's defaults with the
 * file's rules in their place. Anything wrong is refused with a reason, never half applied.
 */
export const parsePolicyFile = (text: string): E.Either<string, RuleSet> => {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    return E.left(`not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const decoded = PolicyFile.decode(document ?? null);
  if (E.isLeft(decoded)) return E.left('expected a mapping of rule names to check strings, e.g. "create_network:shared": "rule:admin_only"');
  return ruleSetOf(decoded.right ?? {});
};
