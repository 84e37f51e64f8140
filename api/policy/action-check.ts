import { allOf, ruleCheck, type Check } from './check.js';

/** Absent from an attribute's entry: any value given counts as set (Neutron's ATTR_NOT_SPECIFIED default). */
type Enforced = { readonly name: string; readonly default?: unknown; readonly keys?: readonly string[] };

/**
 * The attributes Neutron marks `enforce_policy`, in its attribute maps' order, with their
 * defaults (a create that gives the default does not count as setting it). `keys` lists a
 * dictionary's sub-attributes that have rules of their own.
 */
const ENFORCED: Readonly<Record<string, readonly Enforced[]>> = {
  networks: [
    { name: 'shared', default: false },
    { name: 'router:external', default: false },
    { name: 'provider:network_type' },
    { name: 'provider:physical_network' },
    { name: 'provider:segmentation_id' },
    { name: 'port_security_enabled', default: true },
  ],
  subnets: [],
  ports: [
    { name: 'mac_address' },
    { name: 'fixed_ips' },
    { name: 'device_id', default: '' },
    { name: 'device_owner', default: '' },
    { name: 'allowed_address_pairs' },
    { name: 'binding:vnic_type', default: 'normal' },
    { name: 'binding:host_id' },
    { name: 'binding:profile' },
    { name: 'port_security_enabled' },
  ],
  routers: [{ name: 'external_gateway_info', default: null, keys: ['network_id', 'enable_snat', 'external_fixed_ips'] }, { name: 'ha' }, { name: 'distributed' }],
  floatingips: [{ name: 'floating_ip_address' }],
  address_scopes: [{ name: 'shared', default: false }],
  subnetpools: [
    { name: 'is_default', default: false },
    { name: 'shared', default: false },
  ],
  rbac_policies: [{ name: 'object_type' }, { name: 'object_id' }, { name: 'target_tenant' }, { name: 'action' }],
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `action:attribute`, and beneath it `action:attribute:key` for the keys given in a dictionary or in a list's dictionaries. */
const attributeCheck = (action: string, attribute: Enforced, value: unknown): Check => {
  const own = ruleCheck(`${action}:${attribute.name}`);
  if (attribute.keys && isRecord(value))
    return allOf([own, allOf(attribute.keys.filter((key) => key in value).map((key) => ruleCheck(`${action}:${attribute.name}:${key}`)))]);
  if (Array.isArray(value)) {
    const keys = value.filter(isRecord).flatMap((entry) => Object.keys(entry).map((key) => ruleCheck(`${action}:${attribute.name}:${key}`)));
    if (keys.length > 0) return allOf([own, allOf(keys)]);
  }
  return own;
};

/**
 * The check an action must pass, built as Neutron builds it: the action's rule, and for a create
 * or update each enforced attribute the request sets (`create_network:shared`...), nested the
 * same way, so a refusal names the same rules in the same shape as Neutron's message.
 * `changed` lists the attributes an update names; a create counts those that differ from their default.
 */
export const actionCheck = (action: string, collection: string, target: Readonly<Record<string, unknown>>, changed?: readonly string[]): Check => {
  let check = ruleCheck(action);
  if (action.startsWith('get_') || action.startsWith('delete_')) return check;
  for (const attribute of ENFORCED[collection] ?? []) {
    const value = target[attribute.name];
    const set = changed
      ? changed.includes(attribute.name) && value !== undefined
      : value !== undefined && !('default' in attribute && value === attribute.default);
    if (set) check = allOf([check, attributeCheck(action, attribute, value)]);
  }
  return check;
};
