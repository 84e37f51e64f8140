import * as E from 'fp-ts/lib/Either.js';
import { referencedRules, type Check } from './check.js';
import { parseCheckString } from './check-string.js';
import { NEUTRON_DEFAULT_RULES } from './neutron-defaults.js';

/** Every rule by name, parsed, with the check strings they came from (README and errors quote them). */
export interface RuleSet {
  readonly checks: ReadonlyMap<string, Check>;
  readonly text: ReadonlyMap<string, string>;
}

/**
 * Neutron's defaults with the operator's overrides. Refused, with the reason: an override of a
 * rule netledger does not know (a typo would otherwise silently keep the default), a check string
 * that does not parse, a `rule:` naming no rule, and rules that refer to themselves in a cycle.
 */
export const ruleSetOf = (overrides: Readonly<Record<string, string>> = {}): E.Either<string, RuleSet> => {
  const unknown = Object.keys(overrides).filter((name) => !Object.hasOwn(NEUTRON_DEFAULT_RULES, name));
  if (unknown.length > 0) return E.left(`unknown rule name${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  const text = new Map(Object.entries({ ...NEUTRON_DEFAULT_RULES, ...overrides }));
  const checks = new Map<string, Check>();
  for (const [name, source] of text) {
    const parsed = parseCheckString(source);
    if (E.isLeft(parsed)) return E.left(`rule ${name} ("${source}"): ${parsed.left}`);
    checks.set(name, parsed.right);
  }
  for (const [name, check] of checks)
    for (const referenced of referencedRules(check))
      if (!checks.has(referenced)) return E.left(`rule ${name} refers to rule:${referenced}, which does not exist`);
  const cycle = firstCycle(checks);
  return cycle ? E.left(`rules refer to each other in a cycle: ${cycle.join(' -> ')}`) : E.right({ checks, text });
};

const firstCycle = (checks: ReadonlyMap<string, Check>): string[] | undefined => {
  const done = new Set<string>();
  const visit = (name: string, path: string[]): string[] | undefined => {
    if (path.includes(name)) return [...path.slice(path.indexOf(name)), name];
    if (done.has(name)) return undefined;
    for (const next of referencedRules(checks.get(name)!)) {
      const found = visit(next, [...path, name]);
      if (found) return found;
    }
    done.add(name);
    return undefined;
  };
  for (const name of checks.keys()) {
    const found = visit(name, []);
    if (found) return found;
  }
  return undefined;
};
