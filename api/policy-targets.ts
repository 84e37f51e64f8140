import type { World } from '../domain/index.js';
import { topology } from '../projections/index.js';
import type { Caller } from './context.js';
import { mayUse } from './ownership.js';
import type { Related } from './policy/index.js';

type Item = Record<string, unknown>;

/** A Neutron collection as the policy names it: `create_<singular>`, `get_<singular>:<attribute>`. */
export interface PolicyResource {
  readonly collection: keyof typeof topology;
  readonly singular: string;
  /** The attribute that names the parent whose visibility decides a create: a port's network... */
  readonly parent?: { readonly key: string; readonly singular: string; readonly collection: keyof typeof topology };
}

const network = { key: 'network_id', singular: 'network', collection: 'networks' } as const;

/** The collections under /v2.0 (and /v1/hosts) by their path segment. */
export const POLICY_RESOURCES: Readonly<Record<string, PolicyResource>> = {
  networks: { collection: 'networks', singular: 'network' },
  subnets: { collection: 'subnets', singular: 'subnet', parent: network },
  ports: { collection: 'ports', singular: 'port', parent: network },
  'security-groups': { collection: 'security_groups', singular: 'security_group' },
  'security-group-rules': {
    collection: 'security_group_rules',
    singular: 'security_group_rule',
    parent: { key: 'security_group_id', singular: 'security_group', collection: 'security_groups' },
  },
  routers: { collection: 'routers', singular: 'router' },
  floatingips: { collection: 'floatingips', singular: 'floatingip' },
  'address-scopes': { collection: 'address_scopes', singular: 'address_scope' },
  subnetpools: { collection: 'subnetpools', singular: 'subnetpool' },
  'address-groups': { collection: 'address_groups', singular: 'address_group' },
  'rbac-policies': { collection: 'rbac_policies', singular: 'rbac_policy' },
  flavors: { collection: 'flavors', singular: 'flavor' },
  service_profiles: { collection: 'service_profiles', singular: 'service_profile' },
  hosts: { collection: 'hosts', singular: 'host' },
};

/**
 * A network as the caller sees it: `shared` and `router:external` say whether it is shared with the
 * caller's project, by the flag or by an RBAC policy, as Neutron computes them for each caller.
 */
export const networkAsSeenBy = (world: World, caller: Caller, network: Item): Item => {
  const id = String(network.id);
  return { ...network, shared: mayUse(world, id, caller, 'access_as_shared'), 'router:external': mayUse(world, id, caller, 'access_as_external') };
};

/** The resources a policy check may look up beside its target, in the present world, as the caller sees them. */
export const relatedIn = (world: World, caller: Caller): Related => ({
  network: (id) => {
    const network = topology.networks.get(world, id) as Item | undefined;
    return network && networkAsSeenBy(world, caller, network);
  },
  securityGroup: (id) => topology.security_groups.get(world, id) as Item | undefined,
});

export const itemIn = (world: World, collection: PolicyResource['collection'], id: string): Item | undefined =>
  topology[collection].get(world, id) as Item | undefined;
