import type { Check } from './check.js';
import type { RuleSet } from './rule-set.js';

/** Who asks: Keystone's implied roles already expanded (admin implies member, member implies reader). */
export interface Credentials {
  readonly projectId: string;
  readonly userId: string;
  readonly roles: ReadonlySet<string>;
}

type Item = Readonly<Record<string, unknown>>;

/** The resources a check may need beside its target: the network of a port or subnet, the group of a rule. */
export interface Related {
  readonly network: (id: string) => Item | undefined;
  readonly securityGroup: (id: string) => Item | undefined;
}

export interface Asking {
  readonly rules: RuleSet;
  readonly credentials: Credentials;
  /** The resource as it is (show, delete) or would be (create, update). */
  readonly target: Item;
  readonly related: Related;
}

/** The foreign key that names a parent in `%(network:project_id)s`, as Neutron's OwnerCheck reads it. */
const PARENTS: Record<string, { key: string; find: (related: Related, id: string) => Item | undefined }> = {
  network: { key: 'network_id', find: (related, id) => related.network(id) },
  security_group: { key: 'security_group_id', find: (related, id) => related.securityGroup(id) },
};

/** `%(name)s` from the target, or `%(parent:attribute)s` from the parent the target names. */
const targetValue = (asking: Asking, name: string): unknown => {
  if (Object.hasOwn(asking.target, name)) return asking.target[name];
  const [parent, attribute] = name.split(':', 2);
  const found = attribute === undefined ? undefined : PARENTS[parent];
  const id = found && asking.target[found.key];
  return typeof id === 'string' ? found!.find(asking.related, id)?.[attribute!] : undefined;
};

const credential = (credentials: Credentials, name: string): string | undefined =>
  name === 'project_id' ? credentials.projectId : name === 'user_id' ? credentials.userId : undefined;

const fieldValue = (asking: Asking, check: Extract<Check, { kind: 'field' }>): unknown => {
  if (Object.hasOwn(asking.target, check.attribute)) return asking.target[check.attribute];
  // A port or a subnet is "shared" when its network is (Neutron's FieldCheck does the same), and
  // a subnet is external when its network is (Neutron shows router:external on subnets).
  const network = asking.target.network_id;
  if ((check.collection === 'networks' || check.attribute === 'router:external') && typeof network === 'string')
    return asking.related.network(network)?.[check.attribute];
  return undefined;
};

/** Neutron converts the written value with the attribute's converter: booleans compare as booleans. */
const fieldMatches = (value: unknown, written: string): boolean => {
  if (value === undefined || value === null) return false;
  if (written.startsWith('~')) return new RegExp(`^(?:${written.slice(1)})`).test(String(value));
  if (typeof value === 'boolean') return value === ['true', '1', 'yes', 'on'].includes(written.toLowerCase());
  return String(value) === written;
};

/** Whether the check passes for this caller and target; a rule's name is looked up in the rule set. */
export const passes = (asking: Asking, check: Check): boolean => {
  switch (check.kind) {
    case 'always': return true;
    case 'never': return false;
    case 'rule': {
      // A rule no one wrote (create_rbac_policy:object_type...) is the `default` rule, as in oslo.policy.
      const named = asking.rules.checks.get(check.name) ?? asking.rules.checks.get('default');
      return named !== undefined && passes(asking, named);
    }
    case 'role': return asking.credentials.roles.has(check.role);
    case 'field': return fieldMatches(fieldValue(asking, check), check.value);
    case 'credential': {
      const mine = credential(asking.credentials, check.credential);
      const reference = /^%\((.+)\)s$/.exec(check.match);
      const wanted = reference ? targetValue(asking, reference[1]) : check.match;
      return mine !== undefined && wanted !== undefined && wanted !== null && String(wanted) === mine;
    }
    case 'not': return !passes(asking, check.check);
    case 'and': return check.checks.every((inner) => passes(asking, inner));
    case 'or': return check.checks.some((inner) => passes(asking, inner));
  }
};
