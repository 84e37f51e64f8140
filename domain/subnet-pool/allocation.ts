import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { parseCidrBlock, type Cidr } from '../address/cidr.js';
import { isFreeIn, nextFreePrefix } from '../address/prefix-space.js';
import { domainError, type DomainError } from '../common/errors.js';
import { trustedCidr } from '../common/trusted.js';
import type { SubnetRequest } from '../subnet/commands.js';
import { subnetState, type NetworkState, type World } from '../world.js';
import { subnetPoolNotFound } from './decide.js';
import type { SubnetPool } from './subnet-pool.js';

type Checked<T> = E.Either<DomainError, T>;

/** Where a new subnet's block comes from: the block itself, and the pool it was taken from (if any). */
export interface SubnetBlock {
  readonly cidr: Cidr;
  readonly subnetpool_id: string | null;
}

const badRequest = (reason: string) => E.left(domainError('BadRequest', `Bad subnets request: ${reason}.`));

/** A subnet decided earlier in the same create: not in the world yet, but its block is taken. */
export interface EarlierSubnet {
  readonly network_id: string;
  readonly project_id: string;
  readonly ip_version: 4 | 6;
  readonly cidr: Cidr;
  readonly subnetpool_id: string | null;
}

export const defaultPoolOf = (world: World, version: 4 | 6): SubnetPool | undefined => {
  for (const pool of world.subnetPools.values()) if (pool.is_default && pool.ip_version === version) return pool;
  return undefined;
};

/** The blocks a pool has handed out (to every project, this create's earlier subnets too), and the share of one project in quota units. */
const allocations = (world: World, pool: SubnetPool, project: string, earlier: readonly EarlierSubnet[]): { cidrs: Cidr[]; used: number } => {
  const cidrs: Cidr[] = [];
  let used = 0;
  const taken = [
    ...[...(world.poolSubnets.get(pool.id) ?? [])].map((id) => {
      const state = subnetState(world, id)!;
      return { cidr: state.cidr, project_id: state.subnet.project_id };
    }),
    ...earlier.filter((subnet) => subnet.subnetpool_id === pool.id),
  ];
  for (const { cidr, project_id } of taken) {
    cidrs.push(cidr);
    if (project_id === project) used += quotaUnits(pool, cidr.prefix);
  }
  return { cidrs, used };
};

/** Neutron counts a pool's quota in addresses for IPv4 and in /64s for IPv6. */
const quotaUnits = (pool: SubnetPool, prefix: number): number => 2 ** ((pool.ip_version === 4 ? 32 : 64) - prefix);

/** Subnets of one IP version in one network all come from the same pool, or none does. */
const checkAffinity = (network: NetworkState, version: 4 | 6, poolId: string | null, earlier: readonly EarlierSubnet[]): Checked<void> => {
  const others = [
    ...[...network.subnets.values()].map(({ subnet }) => ({ ip_version: subnet.ip_version, subnetpool_id: subnet.subnetpool_id ?? null })),
    ...earlier.filter((subnet) => subnet.network_id === network.network.id),
  ];
  for (const other of others)
    if (other.ip_version === version && other.subnetpool_id !== poolId)
      return E.left(domainError('NetworkSubnetPoolAffinityError', 'Subnets hosted on the same network must be allocated from the same subnet pool.'));
  return E.right(undefined);
};

/** A subnet's cidr with its host bits cleared, as Neutron reads it ("10.9.0.5/24" is 10.9.0.0/24). */
const parsed = (text: string): Checked<Cidr> => {
  const cidr = parseCidrBlock(text);
  return E.isLeft(cidr) ? E.left(domainError('InvalidInput', `Invalid input for cidr. Reason: ${cidr.left}.`)) : E.right(cidr.right);
};

const fromPool = (world: World, request: SubnetRequest, pool: SubnetPool, earlier: readonly EarlierSubnet[]): Checked<SubnetBlock> => {
  if (pool.ip_version !== request.ip_version)
    return badRequest(`Cannot allocate IPv${request.ip_version} subnet from IPv${pool.ip_version} subnet pool`);
  if (request.cidr !== undefined && request.prefixlen !== undefined) return badRequest('cidr and prefixlen must not be supplied together');
  const chosen = request.cidr === undefined ? undefined : parsed(request.cidr);
  if (chosen && E.isLeft(chosen)) return chosen;
  const prefix = chosen ? chosen.right.prefix : (request.prefixlen ?? pool.default_prefixlen);
  if (prefix > pool.max_prefixlen)
    return E.left(domainError('MaxPrefixSubnetAllocationError', `Unable to allocate subnet with prefix length ${prefix}, maximum allowed prefix is ${pool.max_prefixlen}.`));
  if (prefix < pool.min_prefixlen)
    return E.left(domainError('MinPrefixSubnetAllocationError', `Unable to allocate subnet with prefix length ${prefix}, minimum allowed prefix is ${pool.min_prefixlen}.`));
  const { cidrs, used } = allocations(world, pool, request.project_id, earlier);
  if (pool.default_quota !== null && used + quotaUnits(pool, prefix) > pool.default_quota)
    return E.left(domainError('SubnetPoolQuotaExceeded', 'Per-tenant subnet pool prefix quota exceeded.'));
  const prefixes = pool.prefixes.map(trustedCidr);
  if (chosen)
    return isFreeIn(prefixes, cidrs, chosen.right)
      ? E.right({ cidr: chosen.right, subnetpool_id: pool.id })
      : E.left(domainError('SubnetAllocationError', 'Failed to allocate subnet: Cannot allocate requested subnet from the available set of prefixes.'));
  const next = nextFreePrefix(pool.ip_version, prefixes, cidrs, prefix);
  return next
    ? E.right({ cidr: next, subnetpool_id: pool.id })
    : E.left(domainError('SubnetAllocationError', `Failed to allocate subnet: Insufficient prefix space to allocate subnet size /${prefix}.`));
};

/**
 * The block of a new subnet: the cidr asked for, or the next free prefix of the pool named (or of
 * the default pool of its IP version), decided here and written into the event.
 */
export const subnetBlock = (world: World, request: SubnetRequest, network: NetworkState, earlier: readonly EarlierSubnet[]): Checked<SubnetBlock> => {
  if (request.use_default_subnetpool && request.subnetpool_id) return badRequest('subnetpool_id and use_default_subnetpool cannot both be specified');
  let pool: SubnetPool | undefined;
  if (request.use_default_subnetpool) {
    pool = defaultPoolOf(world, request.ip_version);
    if (!pool) return badRequest(`No default subnetpool found for IPv${request.ip_version}`);
  } else if (request.subnetpool_id) {
    pool = world.subnetPools.get(request.subnetpool_id);
    if (!pool) return E.left(subnetPoolNotFound(request.subnetpool_id));
  }
  if (pool) {
    const from = pool;
    return pipe(checkAffinity(network, request.ip_version, from.id, earlier), E.chain(() => fromPool(world, request, from, earlier)));
  }
  const { cidr } = request;
  if (cidr === undefined) return badRequest('a subnetpool must be specified in the absence of a cidr');
  return pipe(
    checkAffinity(network, request.ip_version, null, earlier),
    E.chain(() => parsed(cidr)),
    E.map((block): SubnetBlock => ({ cidr: block, subnetpool_id: null })),
  );
};
