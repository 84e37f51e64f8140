import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { cidrContainsCidr, cidrsOverlap, formatCidr, parseCidrClearingHostBits, type Cidr } from '../address/cidr.js';
import { ipBits } from '../address/ip.js';
import { mergeCidrs } from '../address/prefix-space.js';
import { addressScopeNotFound } from '../address-scope/decide.js';
import { appendTo, checkRevision, decided, writing, type Decider, type Decision } from '../common/decision.js';
import { domainError, type DomainError } from '../common/errors.js';
import { trustedCidr } from '../common/trusted.js';
import { quotaAllows } from '../quota/limits.js';
import type { World } from '../world.js';
import type { CreateSubnetPool, DeleteSubnetPool, UpdateSubnetPool } from './commands.js';
import { SUBNET_POOL_STREAM, type SubnetPool, type SubnetPoolFields } from './subnet-pool.js';

type Checked<T> = E.Either<DomainError, T>;

export const subnetPoolNotFound = (id: string) => domainError('SubnetPoolNotFound', `Subnet pool ${id} could not be found.`);

const parsePrefixes = (texts: readonly string[]): Checked<Cidr[]> => {
  if (texts.length === 0) return E.left(domainError('EmptySubnetPoolPrefixList', 'Empty subnet pool prefix list.'));
  const cidrs: Cidr[] = [];
  for (const text of texts) {
    const cidr = parseCidrClearingHostBits(text);
    if (E.isLeft(cidr)) return E.left(domainError('HTTPBadRequest', `Invalid input for prefixes. Reason: '${text}' is not a valid IP subnet.`));
    cidrs.push(cidr.right);
  }
  if (cidrs.some((c) => c.version !== cidrs[0].version))
    return E.left(domainError('PrefixVersionMismatch', 'Cannot mix IPv4 and IPv6 prefixes in a subnet pool.'));
  return E.right(mergeCidrs(cidrs[0].version, cidrs));
};

const bounds = (type: string, length: number, baseType: string, baseLength: number): DomainError =>
  domainError('IllegalSubnetPoolPrefixBounds', `Illegal prefix bounds: ${type}=${length}, ${baseType}=${baseLength}.`);

const checkBounds = (pool: Pick<SubnetPoolFields, 'ip_version' | 'min_prefixlen' | 'max_prefixlen' | 'default_prefixlen'>): Checked<void> => {
  const { min_prefixlen: min, max_prefixlen: max, default_prefixlen: length } = pool;
  const bits = ipBits(pool.ip_version);
  if (max > bits) return E.left(bounds('max_prefixlen', max, 'ip_version_max', bits));
  if (min < 0 || min > max) return E.left(bounds('min_prefixlen', min, 'max_prefixlen', max));
  if (length < min) return E.left(bounds('default_prefixlen', length, 'min_prefixlen', min));
  if (length > max) return E.left(bounds('default_prefixlen', length, 'max_prefixlen', max));
  return E.right(undefined);
};

const prefixesOf = (pool: SubnetPoolFields): Cidr[] => pool.prefixes.map(trustedCidr);

/** A pool joins a scope of its IP version whose other pools hold none of its prefixes. */
const checkScope = (world: World, pool: SubnetPoolFields, prefixes: readonly Cidr[]): Checked<void> => {
  if (pool.address_scope_id === null) return E.right(undefined);
  const scope = world.addressScopes.get(pool.address_scope_id);
  if (!scope) return E.left(addressScopeNotFound(pool.address_scope_id));
  if (scope.ip_version !== pool.ip_version)
    return E.left(
      domainError(
        'IllegalSubnetPoolIpVersionAssociationToAddressScope',
        `Illegal subnetpool association: subnetpool ${pool.id} cannot associate with address scope ${scope.id} because subnetpool ip_version is not ${scope.ip_version}.`,
      ),
    );
  for (const other of world.subnetPools.values())
    if (other.id !== pool.id && other.address_scope_id === scope.id && prefixesOf(other).some((o) => prefixes.some((p) => cidrsOverlap(o, p))))
      return E.left(domainError('AddressScopePrefixConflict', 'Failed to associate address scope: subnetpools within an address scope must have unique prefixes.'));
  return E.right(undefined);
};

const checkDefault = (world: World, pool: SubnetPoolFields): Checked<void> => {
  if (!pool.is_default) return E.right(undefined);
  for (const other of world.subnetPools.values())
    if (other.id !== pool.id && other.is_default && other.ip_version === pool.ip_version)
      return E.left(
        domainError('InvalidInput', 'Invalid input for operation: A default subnetpool for this IP family has already been set. Only one default may exist per IP family.'),
      );
  return E.right(undefined);
};

/** The pool as it will be stored (prefixes merged), or why Neutron would refuse it. */
const checkedPool = (world: World, pool: SubnetPoolFields, before?: SubnetPool): Checked<SubnetPoolFields> =>
  pipe(
    parsePrefixes(pool.prefixes),
    E.chain((prefixes) => {
      if (before && prefixes[0].version !== before.ip_version)
        return E.left(domainError('PrefixVersionMismatch', 'Cannot mix IPv4 and IPv6 prefixes in a subnet pool.'));
      if (before && !prefixesOf(before).every((old) => prefixes.some((p) => cidrContainsCidr(p, old))))
        return E.left(domainError('IllegalSubnetPoolPrefixUpdate', 'Illegal update to prefixes: Existing prefixes must be a subset of the new prefixes.'));
      const canonical = { ...pool, prefixes: prefixes.map(formatCidr) };
      return pipe(
        checkBounds(canonical),
        E.chain(() => checkScope(world, canonical, prefixes)),
        E.chain(() => checkDefault(world, canonical)),
        E.map(() => canonical),
      );
    }),
  );

export const decideCreateSubnetPool = (command: CreateSubnetPool, world: World): Decision => {
  const { pool } = command;
  if (world.subnetPools.has(pool.id)) return E.left(domainError('Conflict', `Subnet pool ${pool.id} already exists.`));
  const version = pool.ip_version ?? (pool.prefixes.some((p) => p.includes(':')) ? 6 : 4);
  const min = pool.min_prefixlen ?? (version === 4 ? 8 : 64);
  const full: SubnetPoolFields = {
    ...pool,
    ip_version: version,
    min_prefixlen: min,
    max_prefixlen: pool.max_prefixlen ?? ipBits(version),
    default_prefixlen: pool.default_prefixlen ?? min,
    default_quota: pool.default_quota ?? null,
    address_scope_id: pool.address_scope_id ?? null,
  };
  return pipe(
    quotaAllows(world, pool.project_id, 'subnetpool'),
    E.chain(() => checkedPool(world, full)),
    E.chain((checked) => decided(appendTo(world, SUBNET_POOL_STREAM, [{ type: 'SubnetPoolCreated', version: 1, data: { pool: checked } }]))),
  );
};

export const decideUpdateSubnetPool = (command: UpdateSubnetPool, world: World): Decision => {
  const pool = world.subnetPools.get(command.id);
  if (!pool) return E.left(subnetPoolNotFound(command.id));
  return pipe(
    checkRevision(pool, command.if_revision),
    E.chain(() => checkedPool(world, { ...pool, ...command.changes }, pool)),
    E.chain((checked) => {
      const changes = command.changes.prefixes ? { ...command.changes, prefixes: checked.prefixes } : command.changes;
      return decided(appendTo(world, SUBNET_POOL_STREAM, [{ type: 'SubnetPoolUpdated', version: 1, data: { id: pool.id, changes } }]));
    }),
  );
};

export const decideDeleteSubnetPool = (command: DeleteSubnetPool, world: World): Decision => {
  const pool = world.subnetPools.get(command.id);
  if (!pool) return E.left(subnetPoolNotFound(command.id));
  if ((world.poolSubnets.get(pool.id)?.size ?? 0) > 0)
    return E.left(domainError('SubnetPoolDeleteError', 'Unable to delete subnet pool: Subnet pool has existing allocations.'));
  return pipe(
    checkRevision(pool, command.if_revision),
    E.chain(() => decided(appendTo(world, SUBNET_POOL_STREAM, [{ type: 'SubnetPoolDeleted', version: 1, data: { id: pool.id } }]))),
  );
};

export const createSubnetPool: Decider<CreateSubnetPool> = { streams: () => writing(SUBNET_POOL_STREAM), decide: decideCreateSubnetPool };
export const updateSubnetPool: Decider<UpdateSubnetPool> = { streams: () => writing(SUBNET_POOL_STREAM), decide: decideUpdateSubnetPool };
export const deleteSubnetPool: Decider<DeleteSubnetPool> = { streams: () => writing(SUBNET_POOL_STREAM), decide: decideDeleteSubnetPool };
