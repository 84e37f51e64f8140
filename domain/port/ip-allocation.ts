import * as E from 'fp-ts/lib/Either.js';
import { cidrContainsIp } from '../address/cidr.js';
import { firstFree } from '../address/free-ranges.js';
import { formatIp, ipFromValue, parseIp, type Ip } from '../address/ip.js';
import { isReservedAddress } from '../address/subnet-defaults.js';
import { domainError, type DomainError } from '../common/errors.js';
import type { NetworkState, SubnetState } from '../world.js';
import type { FixedIpRequest } from './commands.js';
import type { FixedIp } from './port.js';

/** Addresses taken earlier in the same decision, per subnet: a bulk create never picks one twice. */
export type ChosenAddresses = Map<string, Set<bigint>>;

type Allocated = E.Either<DomainError, FixedIp>;

const chosenIn = (chosen: ChosenAddresses, subnetId: string): Set<bigint> => {
  let set = chosen.get(subnetId);
  if (!set) chosen.set(subnetId, (set = new Set()));
  return set;
};

const record = (subnet: SubnetState, value: bigint, chosen: ChosenAddresses): FixedIp => {
  chosenIn(chosen, subnet.subnet.id).add(value);
  return { subnet_id: subnet.subnet.id, ip_address: formatIp(ipFromValue(subnet.cidr.version, value)) };
};

/** The next free pool address; an address this port already holds in the subnet is kept. */
const nextIn = (subnet: SubnetState, chosen: ChosenAddresses): bigint | undefined => firstFree(subnet.free, chosenIn(chosen, subnet.subnet.id));

const specific = (subnet: SubnetState, ip: Ip, portId: string, chosen: ChosenAddresses): Allocated => {
  const text = formatIp(ip);
  if (!cidrContainsIp(subnet.cidr, ip) || isReservedAddress(subnet.cidr, ip.value))
    return E.left(domainError('InvalidIpForSubnet', `IP address ${text} is not a valid IP for the specified subnet.`));
  const holder = subnet.allocated.get(ip.value);
  if ((holder !== undefined && holder !== portId) || chosenIn(chosen, subnet.subnet.id).has(ip.value))
    return E.left(domainError('IpAddressAlreadyAllocated', `IP address ${text} already allocated in subnet ${subnet.subnet.id}`));
  return E.right(record(subnet, ip.value, chosen));
};

const subnetOfNetwork = (network: NetworkState, subnetId: string): E.Either<DomainError, SubnetState> => {
  const subnet = network.subnets.get(subnetId);
  return subnet
    ? E.right(subnet)
    : E.left(
        domainError(
          'InvalidInput',
          `Invalid input for operation: Failed to create port on network ${network.network.id}, because fixed_ips included invalid subnet ${subnetId}.`,
        ),
      );
};

const one = (network: NetworkState, request: FixedIpRequest, portId: string, held: readonly FixedIp[], chosen: ChosenAddresses): Allocated => {
  if (request.ip_address !== undefined) {
    const ip = parseIp(request.ip_address);
    if (E.isLeft(ip)) return E.left(domainError('InvalidInput', `Invalid input for operation: '${request.ip_address}' is not a valid IP address.`));
    if (request.subnet_id !== undefined) {
      const subnet = subnetOfNetwork(network, request.subnet_id);
      return E.isLeft(subnet) ? subnet : specific(subnet.right, ip.right, portId, chosen);
    }
    for (const subnet of network.subnets.values())
      if (cidrContainsIp(subnet.cidr, ip.right)) return specific(subnet, ip.right, portId, chosen);
    return E.left(
      domainError('InvalidIpForNetwork', `IP address ${request.ip_address} is not a valid IP for any of the subnets on the specified network.`),
    );
  }
  if (request.subnet_id === undefined)
    return E.left(domainError('InvalidInput', 'Invalid input for operation: a fixed_ips entry needs a subnet_id or an ip_address.'));
  const subnet = subnetOfNetwork(network, request.subnet_id);
  if (E.isLeft(subnet)) return subnet;
  const kept = held.find((f) => f.subnet_id === request.subnet_id && !chosenIn(chosen, f.subnet_id).has(ipValue(subnet.right, f)));
  if (kept) return E.right(record(subnet.right, ipValue(subnet.right, kept), chosen));
  const value = nextIn(subnet.right, chosen);
  return value === undefined
    ? E.left(domainError('IpAddressGenerationFailure', `No more IP addresses available for subnet ${request.subnet_id}.`))
    : E.right(record(subnet.right, value, chosen));
};

const ipValue = (subnet: SubnetState, fixed: FixedIp): bigint => {
  const ip = parseIp(fixed.ip_address);
  if (E.isLeft(ip)) throw new Error(`port holds an invalid address ${fixed.ip_address} in subnet ${subnet.subnet.id}`);
  return ip.right.value;
};

/** Neutron's default: one address from the first subnet of each IP version that has room. */
const automatic = (network: NetworkState, chosen: ChosenAddresses): E.Either<DomainError, FixedIp[]> => {
  const fixed: FixedIp[] = [];
  for (const version of [4, 6] as const) {
    const candidates = [...network.subnets.values()].filter((s) => s.cidr.version === version);
    if (candidates.length === 0) continue;
    let found = false;
    for (const subnet of candidates) {
      const value = nextIn(subnet, chosen);
      if (value === undefined) continue;
      fixed.push(record(subnet, value, chosen));
      found = true;
      break;
    }
    if (!found)
      return E.left(domainError('IpAddressGenerationFailure', `No more IP addresses available on network ${network.network.id}.`));
  }
  return E.right(fixed);
};

/**
 * Resolves a port's fixed_ips request into concrete addresses. `held` are the addresses the port
 * already has (on update): asking again for one of them, or for its subnet, keeps it.
 */
export const allocateFixedIps = (
  network: NetworkState,
  requests: readonly FixedIpRequest[] | undefined,
  portId: string,
  held: readonly FixedIp[],
  chosen: ChosenAddresses,
): E.Either<DomainError, FixedIp[]> => {
  if (requests === undefined) return automatic(network, chosen);
  const fixed: FixedIp[] = [];
  // Specific addresses first, so a subnet-only entry never takes an address named by a later entry.
  const ordered = [...requests].sort((a, b) => Number(a.ip_address === undefined) - Number(b.ip_address === undefined));
  for (const request of ordered) {
    const allocated = one(network, request, portId, held, chosen);
    if (E.isLeft(allocated)) return allocated;
    fixed.push(allocated.right);
  }
  return E.right(fixed);
};
