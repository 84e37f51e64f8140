import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { cidrContainsCidr, cidrsOverlap, formatCidr } from '../address/cidr.js';
import { formatIp, ipFromValue } from '../address/ip.js';
import { defaultAllocationPools, defaultGatewayIp } from '../address/subnet-defaults.js';
import { appendTo, checkRevision, decided, decidedIfMatch, writing, type Decider, type Decision, type StreamAppend } from '../common/decision.js';
import { domainError, type DomainError } from '../common/errors.js';
import { quotaAllowsEach } from '../quota/limits.js';
import { subnetBlock, type EarlierSubnet } from '../subnet-pool/allocation.js';
import { SUBNET_POOL_STREAM } from '../subnet-pool/subnet-pool.js';
import { streamOfNetwork, streamsOfNetworks } from '../network/network.js';
import { subnetState, type World } from '../world.js';
import type { CreateSubnets, DeleteSubnet, SubnetRequest, UpdateSubnet } from './commands.js';
import type { AllocationPool, SubnetChanges } from './subnet.js';
import { checkAddressModes, checkGateway, checkHostRoutes, checkNameservers, checkPools } from './validation.js';
import { trustedCidr, trustedIp } from '../common/trusted.js';

const notFound = (id: string) => domainError('SubnetNotFound', `Subnet ${id} could not be found.`);

const poolsText = (version: 4 | 6, ranges: { first: bigint; last: bigint }[]): AllocationPool[] =>
  ranges.map((r) => ({ start: formatIp(ipFromValue(version, r.first)), end: formatIp(ipFromValue(version, r.last)) }));

const sequence = (...checks: E.Either<DomainError, unknown>[]): E.Either<DomainError, void> => {
  for (const check of checks) if (E.isLeft(check)) return check;
  return E.right(undefined);
};

/** One subnet of a create, against the world and the subnets decided before it in the same create. */
const decideSubnet = (subnet: SubnetRequest, world: World, earlier: readonly EarlierSubnet[]): E.Either<DomainError, { decided: EarlierSubnet; appends: StreamAppend[] }> => {
  const network = world.networks.get(subnet.network_id);
  if (!network) return E.left(domainError('NetworkNotFound', `Network ${subnet.network_id} could not be found.`));
  if (world.subnetNetwork.has(subnet.id)) return E.left(domainError('Conflict', `Subnet ${subnet.id} already exists.`));
  const block = subnetBlock(world, subnet, network, earlier);
  if (E.isLeft(block)) return block;
  const { cidr, subnetpool_id } = block.right;
  const cidrText = formatCidr(cidr);
  if (cidr.version !== subnet.ip_version)
    return E.left(domainError('InvalidInput', `Invalid input for operation: Cidr ${cidrText} does not match ip_version ${subnet.ip_version}.`));
  const modes = checkAddressModes(cidr, subnet);
  if (E.isLeft(modes)) return modes;
  if (network.network.cidr !== null && !cidrContainsCidr(trustedCidr(network.network.cidr), cidr))
    return E.left(
      domainError('InvalidInput', `Invalid input for operation: Requested subnet with cidr: ${cidrText} is not inside the network cidr ${network.network.cidr}.`),
    );
  const neighbours = [...[...network.subnets.values()].map((other) => other.cidr), ...earlier.filter((other) => other.network_id === subnet.network_id).map((other) => other.cidr)];
  if (neighbours.some((other) => cidrsOverlap(other, cidr)))
    return E.left(
      domainError(
        'InvalidInput',
        `Invalid input for operation: Requested subnet with cidr: ${cidrText} for network: ${subnet.network_id} overlaps with another subnet.`,
      ),
    );
  const gatewayValue =
    subnet.gateway_ip === undefined ? E.right(defaultGatewayIp(cidr)) : subnet.gateway_ip === null ? E.right(null) : checkGateway(cidr, subnet.gateway_ip);
  return pipe(
    gatewayValue,
    E.chain((gateway) =>
      pipe(
        subnet.allocation_pools === undefined ? E.right(defaultAllocationPools(cidr, gateway)) : checkPools(cidr, subnet.allocation_pools, gateway),
        E.map((pools) => ({ gateway, pools })),
      ),
    ),
    E.chainFirst(() => sequence(checkNameservers(subnet.dns_nameservers), checkHostRoutes(subnet.host_routes, cidr.version))),
    E.map(({ gateway, pools }) => ({
      decided: { network_id: subnet.network_id, project_id: subnet.project_id, ip_version: subnet.ip_version, cidr, subnetpool_id },
      appends: [
        appendTo(world, streamOfNetwork(subnet.network_id), [
          {
            type: 'SubnetCreated',
            version: 1,
            data: {
              subnet: {
                id: subnet.id,
                network_id: subnet.network_id,
                project_id: subnet.project_id,
                name: subnet.name,
                description: subnet.description,
                ip_version: subnet.ip_version,
                cidr: formatCidr(cidr),
                gateway_ip: gateway === null ? null : formatIp(ipFromValue(cidr.version, gateway)),
                allocation_pools: poolsText(cidr.version, pools),
                dns_nameservers: subnet.dns_nameservers,
                host_routes: subnet.host_routes,
                enable_dhcp: subnet.enable_dhcp,
                ipv6_ra_mode: subnet.ipv6_ra_mode,
                ipv6_address_mode: subnet.ipv6_address_mode,
                tags: subnet.tags,
              },
              ...(subnetpool_id === null ? {} : { subnetpool_id }),
            },
          },
        ]),
        // The pool's own stream records what it handed out, so two allocations from one pool (on
        // two nodes) never both pass: the second meets the pool's moved revision and decides again.
        ...(subnetpool_id === null
          ? []
          : [appendTo(world, SUBNET_POOL_STREAM, [{ type: 'SubnetPoolPrefixAllocated', version: 1, data: { subnetpool_id, subnet_id: subnet.id, cidr: formatCidr(cidr) } }])]),
      ],
    })),
  );
};

/**
 * Every subnet of a create in one append, whatever their networks: decided in turn, so a later
 * one sees the blocks the earlier ones took (no overlap in a network, the next free prefix of a
 * pool), and the quota counts them all. A refused one refuses them all.
 */
export const decideCreateSubnets = (command: CreateSubnets, world: World): Decision => {
  if (command.subnets.length === 0) return E.left(domainError('BadRequest', 'No subnets to create.'));
  const quota = quotaAllowsEach(world, command.subnets.map((subnet) => subnet.project_id), 'subnet');
  if (E.isLeft(quota)) return quota;
  const earlier: EarlierSubnet[] = [];
  const ids = new Set<string>();
  const appends: StreamAppend[] = [];
  for (const subnet of command.subnets) {
    if (ids.has(subnet.id)) return E.left(domainError('Conflict', `Subnet ${subnet.id} already exists.`));
    ids.add(subnet.id);
    const one = decideSubnet(subnet, world, earlier);
    if (E.isLeft(one)) return one;
    earlier.push(one.right.decided);
    appends.push(...one.right.appends);
  }
  return decided(...appends);
};

/**
 * A new gateway must be free (no port holds it) and outside the pools; new pools are checked like
 * on create. Addresses already allocated outside new pools stay with their ports, as in Neutron.
 */
export const decideUpdateSubnet = (command: UpdateSubnet, world: World): Decision => {
  const state = subnetState(world, command.id);
  if (!state) return E.left(notFound(command.id));
  const { changes } = command;
  const gateway =
    changes.gateway_ip === undefined
      ? E.right(state.subnet.gateway_ip === null ? null : trustedIp(state.subnet.gateway_ip).value)
      : changes.gateway_ip === null
        ? E.right(null)
        : pipe(
            checkGateway(state.cidr, changes.gateway_ip),
            E.chain((value) => {
              const holder = state.allocated.get(value);
              return holder === undefined
                ? E.right(value)
                : E.left(domainError('Conflict', `Gateway ip ${changes.gateway_ip} is in use by port ${holder}.`));
            }),
          );
  return pipe(
    checkRevision(state.subnet, command.if_revision),
    E.chain(() => gateway),
    E.chainFirst((gw) => (changes.allocation_pools ? checkPools(state.cidr, changes.allocation_pools, gw) : E.right([]))),
    E.chainFirst((gw) => {
      if (changes.allocation_pools || gw === null) return E.right(undefined);
      const inPool = state.pools.some((p) => p.first <= gw && gw <= p.last);
      return inPool
        ? E.left(domainError('GatewayConflictWithAllocationPools', `Gateway ip ${changes.gateway_ip} conflicts with allocation pool of subnet ${command.id}.`))
        : E.right(undefined);
    }),
    E.chainFirst(() =>
      sequence(
        changes.dns_nameservers ? checkNameservers(changes.dns_nameservers) : E.right(undefined),
        changes.host_routes ? checkHostRoutes(changes.host_routes, state.cidr.version) : E.right(undefined),
      ),
    ),
    E.chain((gw) => {
      const canonical: SubnetChanges = { ...changes };
      if (changes.gateway_ip !== undefined) canonical.gateway_ip = gw === null ? null : formatIp(ipFromValue(state.cidr.version, gw));
      return decided(
        appendTo(world, streamOfNetwork(state.subnet.network_id), [
          { type: 'SubnetUpdated', version: 1, data: { id: command.id, network_id: state.subnet.network_id, changes: canonical } },
        ]),
      );
    }),
  );
};

export const decideDeleteSubnet = (command: DeleteSubnet, world: World): Decision => {
  const state = subnetState(world, command.id);
  if (!state) return E.left(notFound(command.id));
  if (state.allocated.size > 0)
    return E.left(
      domainError(
        'SubnetInUse',
        `Unable to complete operation on subnet ${command.id}: One or more ports have an IP allocation from this subnet.`,
      ),
    );
  return decidedIfMatch(
    state.subnet,
    command.if_revision,
    appendTo(world, streamOfNetwork(state.subnet.network_id), [
      { type: 'SubnetDeleted', version: 1, data: { id: command.id, network_id: state.subnet.network_id } },
    ]),
  );
};

/** Subnets taken from a pool queue with the pool's other decisions too (the next free prefix). */
export const createSubnets: Decider<CreateSubnets> = {
  streams: (command, world) =>
    writing(
      ...(command.subnets.some((subnet) => subnet.subnetpool_id || subnet.use_default_subnetpool) ? [SUBNET_POOL_STREAM] : []),
      ...streamsOfNetworks(command.subnets.map((subnet) => (world.networks.has(subnet.network_id) ? subnet.network_id : undefined))),
    ),
  decide: decideCreateSubnets,
};
export const updateSubnet: Decider<UpdateSubnet> = {
  streams: (command, world) => writing(...streamsOfNetworks([world.subnetNetwork.get(command.id)])),
  decide: decideUpdateSubnet,
};
export const deleteSubnet: Decider<DeleteSubnet> = {
  streams: (command, world) => writing(...streamsOfNetworks([world.subnetNetwork.get(command.id)])),
  decide: decideDeleteSubnet,
};
