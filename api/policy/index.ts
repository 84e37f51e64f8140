/** Neutron's policy: oslo.policy's rule language, Neutron's default rules, and the decision for a request. */
export { authorize, hasAdminRole, hiddenAttributes, withImpliedRoles } from './authorize.js';
export type { Asking, Credentials, Related } from './evaluate.js';
export { parsePolicyFile } from './policy-file.js';
export { ruleSetOf, type RuleSet } from './rule-set.js';
