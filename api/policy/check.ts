/**
 * One policy check in oslo.policy's language, as a tree: `rule:admin_only`, `role:member`,
 * `field:networks:shared=True`, `project_id:%(network:project_id)s`, `@`, `!`, and/or/not.
 */
export type Check =
  | { readonly kind: 'always' }
  | { readonly kind: 'never' }
  | { readonly kind: 'rule'; readonly name: string }
  | { readonly kind: 'role'; readonly role: string }
  /** `field:<collection>:<attribute>=<value>`; a value starting with `~` is a regular expression matched at the start. */
  | { readonly kind: 'field'; readonly collection: string; readonly attribute: string; readonly value: string }
  /** `<credential>:<match>`: the caller's credential equals the literal, or the target's `%(attribute)s`. */
  | { readonly kind: 'credential'; readonly credential: string; readonly match: string }
  | { readonly kind: 'not'; readonly check: Check }
  | { readonly kind: 'and'; readonly checks: readonly Check[] }
  | { readonly kind: 'or'; readonly checks: readonly Check[] };

export const ruleCheck = (name: string): Check => ({ kind: 'rule', name });
export const allOf = (checks: readonly Check[]): Check => ({ kind: 'and', checks });

/** The check as oslo.policy prints it: Neutron's refusal message quotes the whole tree this way. */
export const describeCheck = (check: Check): string => {
  switch (check.kind) {
    case 'always': return '@';
    case 'never': return '!';
    case 'rule': return `rule:${check.name}`;
    case 'role': return `role:${check.role}`;
    case 'field': return `field:${check.collection}:${check.attribute}=${check.value}`;
    case 'credential': return `${check.credential}:${check.match}`;
    case 'not': return `not ${describeCheck(check.check)}`;
    case 'and': return `(${check.checks.map(describeCheck).join(' and ')})`;
    case 'or': return `(${check.checks.map(describeCheck).join(' or ')})`;
  }
};

/** The rule names a check refers to, for finding unknown names and cycles when a policy is loaded. */
export const referencedRules = (check: Check): string[] => {
  switch (check.kind) {
    case 'rule': return [check.name];
    case 'not': return referencedRules(check.check);
    case 'and':
    case 'or': return check.checks.flatMap(referencedRules);
    default: return [];
  }
};
