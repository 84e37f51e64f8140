import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { ruleSetOf } from './rule-set.js';
import { parsePolicyFile } from './policy-file.js';

const refusal = (result: E.Either<string, unknown>) => (E.isLeft(result) ? result.left : 'accepted');

describe('the rule set', () => {
  it("parses every one of Neutron's defaults", () => {
    const rules = ruleSetOf();
    expect(E.isRight(rules) && rules.right.checks.get('create_network:shared')).toEqual({ kind: 'rule', name: 'admin_only' });
  });

  it('refuses an override of a rule it does not know, a dangling rule: and a cycle', () => {
    expect(refusal(ruleSetOf({ 'create_netwrok:shared': '@' }))).toBe('unknown rule name: create_netwrok:shared');
    expect(refusal(ruleSetOf({ create_network: 'rule:nobody' }))).toBe('rule create_network refers to rule:nobody, which does not exist');
    expect(refusal(ruleSetOf({ admin_only: 'rule:context_is_admin', context_is_admin: 'rule:admin_only' }))).toMatch(/cycle: (admin_only|context_is_admin) -> .* -> \1/);
    expect(refusal(ruleSetOf({ get_network: 'role:' }))).toContain('rule get_network ("role:")');
  });
});

describe('the policy file', () => {
  it('overrides by name, in YAML or JSON, and an empty file changes nothing', () => {
    const yaml = parsePolicyFile('"create_network:shared": "rule:admin_or_owner"\n');
    expect(E.isRight(yaml) && yaml.right.text.get('create_network:shared')).toBe('rule:admin_or_owner');
    const json = parsePolicyFile('{"get_network": "role:reader"}');
    expect(E.isRight(json) && json.right.text.get('get_network')).toBe('role:reader');
    const empty = parsePolicyFile('# nothing\n');
    expect(E.isRight(empty) && empty.right.text.get('get_network')).toContain('rule:shared');
  });

  it('refuses what is not a mapping of names to strings', () => {
    expect(refusal(parsePolicyFile('- a\n- b\n'))).toContain('expected a mapping');
    expect(refusal(parsePolicyFile('create_network: 3\n'))).toContain('expected a mapping');
    expect(refusal(parsePolicyFile('create_network: [\n'))).toContain('not YAML');
    expect(refusal(parsePolicyFile('not_a_rule: "@"\n'))).toBe('unknown rule name: not_a_rule');
  });
});
