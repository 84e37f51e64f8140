/**
 * Creates a small real network through the API and prints a schemathesis config (TOML) that sends
 * its ids as the `{id}` of every item operation, and as the network or security group of creates:
 * random ids only ever reach the 404 branch.
 * Each kind has one resource for reads and changes and others for each kind of removal, so that a
 * delete early in a phase does not turn the rest of the run back into 404s.
 *   node --import tsx ops/fuzz/seeded-world.ts http://127.0.0.1:9696 > schemathesis.toml
 */
const base = process.argv[2];
if (!base) throw new Error('usage: seeded-world.ts BASE_URL');

type Item = Record<string, unknown> & { id: string };

const call = async (method: string, path: string, body?: object): Promise<Record<string, any>> => {
  const response = await fetch(new URL(path, base), {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : {};
};

const create = async (collection: string, singular: string, fields: object): Promise<Item> =>
  (await call('POST', collection, { [singular]: fields }))[singular];

/** The tag the seeded resources carry, for `/tags/{tag}`. */
const TAG = 'fuzz-seeded';

/** A kind's resources, one per role: `kept` for reads and changes, `tagged` keeps its tag, the others each take one kind of removal. */
const seed = async (collection: string, singular: string, fields: (role: string) => object, roles: string[]) =>
  Object.fromEntries(await Promise.all(roles.map(async (role) => [role, await create(collection, singular, fields(role))]))) as Record<string, Item>;

const ALL = ['kept', 'doomed', 'tagged', 'retagged', 'detagged'];
const hosts = await seed('/v1/hosts', 'host', (role) => ({ id: `fuzz-host-${role}`, tunnel_ip: `192.0.2.${ALL.indexOf(role) + 1}`, mac: `52:54:00:00:00:0${ALL.indexOf(role) + 1}` }), ['kept', 'doomed']);
const networks = await seed('/v2.0/networks', 'network', (role) => ({ name: `fuzz-${role}`, tags: [TAG] }), ALL);
const network = networks.kept;
const subnets = await seed('/v2.0/subnets', 'subnet', (role) => ({ network_id: network.id, cidr: `10.2${ALL.indexOf(role)}.0.0/24`, ip_version: 4, tags: [TAG] }), ALL);
const securityGroups = await seed('/v2.0/security-groups', 'security_group', (role) => ({ name: `fuzz-${role}`, tags: [TAG] }), ALL);
const rules = await seed('/v2.0/security-group-rules', 'security_group_rule', (role) => ({
  security_group_id: securityGroups.kept.id,
  direction: 'ingress',
  ethertype: 'IPv4',
  protocol: 'tcp',
  port_range_min: 22 + ALL.indexOf(role),
  port_range_max: 22 + ALL.indexOf(role),
}), ['kept', 'doomed']);
const ports = await seed('/v2.0/ports', 'port', () => ({
  network_id: network.id,
  'binding:host_id': hosts.kept.id,
  security_groups: [securityGroups.kept.id],
  tags: [TAG],
}), ALL);
const routers = await seed('/v2.0/routers', 'router', (role) => ({ name: `fuzz-${role}`, tags: [TAG] }), ALL);
await call('PUT', `/v2.0/routers/${routers.kept.id}/add_router_interface`, { subnet_id: subnets.kept.id });
const extension = (await call('GET', '/v2.0/extensions')).extensions[0].alias as string;

/** TOML's basic strings, arrays and inline tables, as far as these ids and names need. */
const toml = (value: unknown): string =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? `{ ${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)} = ${toml(item)}`).join(', ')} }`
    : JSON.stringify(value);

/** A parameter's value: always this one, or one drawn from a dictionary (which fills only fields the body has). */
type Value = string | { dictionary: string };

/**
 * `[[operations]]` for the operations whose method and path match: these parameters. One regex over
 * the name ("GET /path"): separate method and path filters in one entry would match either.
 */
const operations = (methods: string, path: string, parameters: Record<string, Value>): string =>
  [
    '[[operations]]',
    `include-name-regex = ${toml(`^(${methods}) ${path.replace(/[.{}]/g, (c) => `\\${c}`)}$`)}`,
    `parameters = ${toml(parameters)}`,
    '',
  ].join('\n');

/**
 * Dictionaries of one id each, for fields of create bodies: a fixed body value would also add its
 * path to bodies of the other form and spoil them.
 */
const dictionaries = { network: network.id, security_group: securityGroups.kept.id };

/** A field of a create body, in its single (`{port: ...}`) and bulk (`{ports: [...]}`) forms, from its dictionary. */
const inEachBody = (singular: string, field: string, dictionary: keyof typeof dictionaries): Record<string, Value> => ({
  [`body.${singular}.${field}`]: { dictionary },
  [`body.${singular}s[*].${field}`]: { dictionary },
});

/**
 * A collection's item routes, each role's resource where its operations cannot spoil the others':
 * the item's DELETE takes `doomed`; replacing and clearing the tags `retagged`; removing the seeded
 * tag `detagged`; finding it `tagged`; everything else (reads, updates, adding a random tag) `kept`.
 */
const collection = (path: string, seeded: Record<string, Item>): string[] => [
  operations('GET|PUT', `${path}/{id}`, { id: seeded.kept.id }),
  operations('DELETE', `${path}/{id}`, { id: seeded.doomed.id }),
  ...(seeded.retagged
    ? [
        operations('GET', `${path}/{id}/tags`, { id: seeded.kept.id }),
        operations('PUT|DELETE', `${path}/{id}/tags`, { id: seeded.retagged.id }),
        operations('GET', `${path}/{id}/tags/{tag}`, { id: seeded.tagged.id, tag: TAG }),
        operations('PUT', `${path}/{id}/tags/{tag}`, { id: seeded.kept.id }),
        operations('DELETE', `${path}/{id}/tags/{tag}`, { id: seeded.detagged.id, tag: TAG }),
      ]
    : []),
];

process.stdout.write(
  [
    ...Object.entries(dictionaries).map(([name, id]) => `[dictionaries.${name}]\nvalues = ${toml([id])}\n`),
    ...collection('/v1/hosts', hosts),
    ...collection('/v2.0/networks', networks),
    ...collection('/v2.0/subnets', subnets),
    ...collection('/v2.0/ports', ports),
    ...collection('/v2.0/security-groups', securityGroups),
    ...collection('/v2.0/security-group-rules', rules),
    ...collection('/v2.0/routers', routers),
    operations('PUT', '/v2.0/routers/{id}/(add|remove)_extraroutes', { id: routers.kept.id }),
    operations('PUT', '/v2.0/routers/{id}/add_router_interface', { id: routers.kept.id, 'body.subnet_id': subnets.tagged.id }),
    operations('PUT', '/v2.0/routers/{id}/remove_router_interface', { id: routers.kept.id, 'body.subnet_id': subnets.kept.id }),
    operations('POST', '/v2.0/subnets', inEachBody('subnet', 'network_id', 'network')),
    operations('POST', '/v2.0/ports', inEachBody('port', 'network_id', 'network')),
    operations('POST', '/v2.0/security-group-rules', inEachBody('security_group_rule', 'security_group_id', 'security_group')),
    operations('GET', '/v2.0/network-ip-availabilities/{id}', { id: network.id }),
    operations('GET', '/v2.0/extensions/{alias}', { alias: extension }),
    operations('GET', '/v1/audit/resources/{kind}/{id}/history', { kind: 'port', id: ports.kept.id }),
  ].join('\n'),
);
