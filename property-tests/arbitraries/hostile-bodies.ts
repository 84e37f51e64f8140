import fc from 'fast-check';

/**
 * Request bodies that must be refused: a valid body of the resource with at least one thing
 * broken in it, or no valid body at all. Every corruption here is invalid on its own, so any
 * combination of them is too.
 */
export type Resource = 'network' | 'subnet' | 'port';

export const INVALID_CIDRS = ['10.0.0.0/33', '300.1.1.1/8', '10.0.0.0', '::1/129', '１０.0.0.0/8', ' 10.0.0.0/24', '10.0.0.0/024', '10.0.0.0/24/8', ''];
export const INVALID_IPS = ['10.0.0.256', '1.2.3', '::g', '10.0.0.1 ', '٣.٣.٣.٣', '1.2.3.04', '10.0.0.1/32', 'localhost'];
export const INVALID_MACS = ['00:00:00:00:00:00', 'fa:16:3e:00:00', 'zz:zz:zz:zz:zz:zz', 'fa:16:3e:00:00:01:02', 'ｆａ:16:3e:00:00:01', 'fa-16:3e:00:00:01'];

const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant([]), fc.constant({}), fc.double());
const notBoolean = fc.oneof(fc.constantFrom('true', 'false', 0, 1, 'yes'), fc.constant([]));
const deep = fc.integer({ min: 30, max: 3000 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
});
const huge = fc.integer({ min: 256, max: 200_000 }).chain((n) => fc.constantFrom('x', 'é', '𝕏', '\u0000').map((c) => c.repeat(n)));

/** Field -> values that field must never accept, per resource. */
const BAD_FIELDS: Record<Resource, Record<string, fc.Arbitrary<unknown>>> = {
  network: {
    name: fc.oneof(notString, huge, deep),
    admin_state_up: notBoolean,
    shared: notBoolean,
    mtu: fc.oneof(fc.constantFrom('1500', 67, 9217, 1500.5, -1), fc.constant(null)),
    cidr: fc.oneof(fc.constantFrom(...INVALID_CIDRS), fc.integer(), deep),
    'provider:segmentation_id': fc.constantFrom(0, -1, 16_777_216, '5', 2.5),
  },
  subnet: {
    cidr: fc.oneof(fc.constantFrom(...INVALID_CIDRS), fc.integer(), fc.constant(null)),
    ip_version: fc.constantFrom(5, '4', null, 4.5, 0),
    gateway_ip: fc.oneof(fc.constantFrom(...INVALID_IPS, '10.1.0.1', '10.9.0.0', '10.9.0.255'), fc.integer(), deep),
    allocation_pools: fc.oneof(
      fc.constant('10.9.0.2-10.9.0.9'),
      fc.constantFrom(...INVALID_IPS).map((ip) => [{ start: ip, end: '10.9.0.9' }]),
      fc.constant([{ start: '10.9.0.2' }]),
      fc.constant([{ start: '10.9.0.9', end: '10.9.0.2' }]),
      fc.constant([{ start: '10.9.2.2', end: '10.9.2.9' }]),
    ),
    dns_nameservers: fc.oneof(fc.constantFrom(...INVALID_IPS).map((ip) => [ip]), fc.constant('8.8.8.8'), fc.constant([1])),
    enable_dhcp: notBoolean,
    name: fc.oneof(notString, huge),
  },
  port: {
    fixed_ips: fc.oneof(
      fc.constant({ ip_address: '10.9.0.5' }),
      fc.constantFrom(...INVALID_IPS).map((ip) => [{ ip_address: ip }]),
      fc.constant([{ subnet_id: 5 }]),
      fc.constant([{ ip_address: '192.168.77.1' }]),
      fc.constant([{}]),
    ),
    mac_address: fc.oneof(fc.constantFrom(...INVALID_MACS), fc.integer()),
    admin_state_up: notBoolean,
    security_groups: fc.oneof(fc.constant('default'), fc.constant([1]), fc.constant(['no-such-group'])),
    'binding:vnic_type': fc.constantFrom('weird', '', 1),
    'binding:host_id': notString,
    name: fc.oneof(notString, huge, deep),
  },
};

const KNOWN = new Set([
  ...Object.values(BAD_FIELDS).flatMap((fields) => Object.keys(fields)),
  'network_id', 'description', 'tags', 'tenant_id', 'project_id', 'device_id', 'device_owner', 'port_security_enabled',
  'ipv6_ra_mode', 'ipv6_address_mode', 'host_routes', 'router:external', 'provider:network_type', 'provider:physical_network',
  'availability_zone_hints', 'subnetpool_id', 'segment_id', 'service_types', 'binding:profile', 'qos_policy_id', 'dns_domain',
  'dns_name', 'allowed_address_pairs', 'extra_dhcp_opts', 'is_default', 'use_default_subnetpool', 'prefixlen',
]);

const unknownKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', 'id', 'status', 'revision_number', 'ünïcödé', '🙂', 'a.b', '$ref'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
).filter((key) => !KNOWN.has(key));

/** One thing wrong with a body: a field of the wrong type or value, or a field the resource does not have. */
const corruption = (resource: Resource) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...Object.keys(BAD_FIELDS[resource])).chain((field) => BAD_FIELDS[resource][field].map((value) => [field, value] as const)) },
    { weight: 1, arbitrary: fc.tuple(unknownKey, fc.oneof(fc.jsonValue(), deep)) },
  );

/** A resource body with 1 to 3 corruptions (mostly one), wrapped as the route expects (or, sometimes, wrongly). */
export const hostileBody = (resource: Resource, base: Record<string, unknown>): fc.Arbitrary<string> =>
  fc.tuple(
    // Mostly one corruption in an otherwise valid request, so that each check is exercised alone.
    fc.oneof({ weight: 4, arbitrary: fc.tuple(corruption(resource)) }, fc.array(corruption(resource), { minLength: 2, maxLength: 3 })),
    fc.constantFrom('single', 'single', 'single', 'single', 'bulk', 'extra-top-level'),
  ).map(([broken, wrapping]) => {
    // fromEntries makes own properties, so a '__proto__' key reaches the wire as a key.
    const body = Object.fromEntries([...Object.entries(base), ...broken]);
    const wrapped =
      wrapping === 'single' ? { [resource]: body }
      // The broken item leads: a bulk spanning several appends undoes what its earlier items created
      // when a later one is refused (api/resource-routes.ts), so the world is unchanged but the log
      // holds the create and its undo; this property checks that the log does not move at all.
      : wrapping === 'bulk' ? { [`${resource}s`]: [body, { ...base }] }
      : Object.fromEntries([[resource, body], ['__proto__', { admin: true }]]);
    return JSON.stringify(wrapped);
  });

/** Payloads that are no resource body at all: broken JSON, the wrong JSON type, the wrong wrapper. */
export const garbage = (resource: Resource): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('', '{', '[]', '"x"', '1', 'null', 'true', `{"${resource}":`, `{"${resource}": []}`, `{"${resource}s": {}}`, `{"${resource}": "x"}`, '\u0000', '{"a":1,"a":2}', '\ufeff{}'),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.jsonValue({ maxDepth: 4 }).filter((v) => !(typeof v === 'object' && v !== null && !Array.isArray(v) && (resource in v || `${resource}s` in v))).map((v) => JSON.stringify(v) ?? 'null'),
  );
