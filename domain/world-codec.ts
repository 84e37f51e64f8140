import * as t from 'io-ts';
import { AddressGroup } from './address-group/address-group.js';
import { AddressScope } from './address-scope/address-scope.js';
import { bigint, mapOf, setOf } from './common/structured-codecs.js';
import { FlavorFields, ServiceProfileFields } from './flavor/flavor.js';
import { FloatingIp } from './floating-ip/floating-ip.js';
import { Host } from './host/host.js';
import { Network } from './network/network.js';
import { Port } from './port/port.js';
import { QUOTA_RESOURCES, QuotaLimits, type QuotaResource } from './quota/quota.js';
import { RbacPolicy } from './rbac/rbac-policy.js';
import { Router } from './router/router.js';
import { SecurityGroup } from './security-group/security-group.js';
import { SubnetPool } from './subnet-pool/subnet-pool.js';
import { Subnet } from './subnet/subnet.js';
import type { World } from './world.js';

const ids = mapOf(t.string, t.string);
const counts = mapOf(t.string, t.number);
const members = mapOf(t.string, setOf(t.string));
const referrers = mapOf(t.string, counts);

const IpRange = t.type({ first: bigint, last: bigint });
const FreeRanges = t.type({ ranges: t.array(IpRange), count: bigint });
const Cidr = t.type({ version: t.union([t.literal(4), t.literal(6)]), network: bigint, prefix: t.number });

const SubnetState = t.type({ subnet: Subnet, cidr: Cidr, pools: t.array(IpRange), free: FreeRanges, allocated: mapOf(bigint, t.string) });

const NetworkState = t.type({
  network: Network,
  subnets: mapOf(t.string, SubnetState),
  ports: mapOf(t.string, Port),
  macs: ids,
  policies: mapOf(t.string, RbacPolicy),
});

const Flavor = t.intersection([FlavorFields, t.type({ service_profiles: t.array(t.string) })]);
const Usage = t.partial(Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, t.number])) as Record<QuotaResource, t.NumberC>);

/**
 * The world as a V8 deserialization gives it back (world snapshots, checkpoints): every field,
 * every container, every entity by its own codec. Its `.is` checks in place and is the fast path
 * (a tenth of the deserialization's time at 100k ports); a world of another layout fails on the
 * first field that differs.
 */
export const WorldCodec = t.strict({
  position: t.number,
  streamRevisions: counts,
  networks: mapOf(t.string, NetworkState),
  subnetNetwork: ids,
  portNetwork: ids,
  securityGroups: mapOf(t.string, SecurityGroup),
  ruleGroup: ids,
  defaultSecurityGroups: ids,
  groupPorts: members,
  groupReferrers: referrers,
  routers: mapOf(t.string, Router),
  routerPorts: members,
  routerGatewayPorts: ids,
  floatingIps: mapOf(t.string, FloatingIp),
  portFloatingIps: members,
  routerFloatingIps: members,
  hosts: mapOf(t.string, Host),
  hostPorts: members,
  flavors: mapOf(t.string, Flavor),
  serviceProfiles: mapOf(t.string, ServiceProfileFields),
  segmentationIds: mapOf(t.number, t.string),
  freeSegmentationIds: FreeRanges,
  addressScopes: mapOf(t.string, AddressScope),
  subnetPools: mapOf(t.string, SubnetPool),
  poolSubnets: members,
  policyNetwork: ids,
  addressGroups: mapOf(t.string, AddressGroup),
  addressGroupReferrers: referrers,
  quotas: mapOf(t.string, QuotaLimits),
  usage: mapOf(t.string, Usage),
}) satisfies t.Decoder<unknown, World>;
