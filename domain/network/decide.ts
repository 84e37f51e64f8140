import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { parseCidr } from '../address/cidr.js';
import { firstFree } from '../address/free-ranges.js';
import { appendTo, decided, decidedIfMatch, writing, type Decider, type Decision, type StreamAppend } from '../common/decision.js';
import { domainError, type DomainError } from '../common/errors.js';
import { SEGMENTATION_STREAM, MAX_VNI, MIN_VNI } from '../segmentation/events.js';
import type { NetworkState, World } from '../world.js';
import { ROUTER_GATEWAY_OWNER } from '../port/port.js';
import type { CreateNetworks, DeleteNetwork, NetworkRequest, UpdateNetwork } from './commands.js';
import { DEFAULT_MTU, MIN_MTU, streamOfNetwork } from './network.js';
import { quotaAllowsEach } from '../quota/limits.js';
import { wildcardChanges, wildcardsOfNewNetwork } from '../rbac/wildcard.js';

const notFound = (id: string) => domainError('NetworkNotFound', `Network ${id} could not be found.`);

/** `taken`: the ids the earlier networks of the same create chose. */
const chooseSegmentationId = (world: World, requested: number | undefined, taken: ReadonlySet<number>) => {
  if (requested !== undefined) {
    if (!Number.isInteger(requested) || requested < MIN_VNI || requested > MAX_VNI)
      return E.left(domainError('InvalidInput', `Invalid input for operation: segmentation_id ${requested} is outside ${MIN_VNI}..${MAX_VNI}.`));
    return world.segmentationIds.has(requested) || taken.has(requested)
      ? E.left(domainError('Conflict', `Unable to create the network. The VXLAN ${requested} is in use.`))
      : E.right(requested);
  }
  const free = firstFree(world.freeSegmentationIds, new Set([...taken].map(BigInt)));
  return free === undefined
    ? E.left(domainError('BridgeDomainExhausted', 'Unable to create the network. No tenant network is available for allocation.'))
    : E.right(Number(free));
};

/**
 * A network's MTU fits the underlay less the VXLAN overlay (Neutron: "Requested MTU is too big");
 * below 68, IPv4's minimum, no interface could carry it (Neutron accepts that; the datapath cannot).
 */
const mtuRefusal = (mtu: number) =>
  !Number.isInteger(mtu) || mtu < MIN_MTU
    ? domainError('InvalidInput', `Invalid input for operation: mtu ${mtu} is below ${MIN_MTU}.`)
    : mtu > DEFAULT_MTU
      ? domainError('InvalidInput', `Invalid input for operation: Requested MTU is too big, maximum is ${DEFAULT_MTU}.`)
      : undefined;

/** One network of a create: its segmentation id's reservation and its own events. */
const decideNetwork = (request: NetworkRequest, world: World, taken: ReadonlySet<number>): E.Either<DomainError, { segmentationId: number; appends: StreamAppend[] }> => {
  const { network } = request;
  if (world.networks.has(network.id)) return E.left(domainError('Conflict', `Network ${network.id} already exists.`));
  if (network.cidr !== null) {
    const cidr = parseCidr(network.cidr);
    if (E.isLeft(cidr)) return E.left(domainError('InvalidInput', `Invalid input for cidr. Reason: ${cidr.left}.`));
  }
  const mtu = network.mtu ?? DEFAULT_MTU;
  const refusedMtu = mtuRefusal(mtu);
  if (refusedMtu) return E.left(refusedMtu);
  return pipe(
    chooseSegmentationId(world, network.segmentation_id, taken),
    E.map((segmentationId) => {
      const fields = {
        id: network.id,
        project_id: network.project_id,
        name: network.name,
        description: network.description,
        admin_state_up: network.admin_state_up,
        shared: network.shared,
        'router:external': network['router:external'],
        mtu,
        cidr: network.cidr,
        segmentation_id: segmentationId,
        tags: network.tags,
        port_security_enabled: network.port_security_enabled ?? true,
        is_default: network.is_default ?? false,
      };
      return {
        segmentationId,
        appends: [
          appendTo(world, SEGMENTATION_STREAM, [{ type: 'SegmentationIdReserved', version: 1, data: { segmentation_id: segmentationId, network_id: network.id } }]),
          appendTo(world, streamOfNetwork(network.id), [{ type: 'NetworkCreated', version: 1, data: { network: fields } }, ...wildcardsOfNewNetwork(fields, request.wildcard_policy_ids)]),
        ],
      };
    }),
  );
};

/**
 * Every network of a create in one append, with their segmentation ids' reservations: chosen in
 * turn, so no two take the same, and the quota counts them all. A refused one refuses them all.
 */
export const decideCreateNetworks = (command: CreateNetworks, world: World): Decision => {
  if (command.networks.length === 0) return E.left(domainError('BadRequest', 'No networks to create.'));
  const quota = quotaAllowsEach(world, command.networks.map(({ network }) => network.project_id), 'network');
  if (E.isLeft(quota)) return quota;
  const taken = new Set<number>();
  const ids = new Set<string>();
  const appends: StreamAppend[] = [];
  for (const request of command.networks) {
    if (ids.has(request.network.id)) return E.left(domainError('Conflict', `Network ${request.network.id} already exists.`));
    ids.add(request.network.id);
    const one = decideNetwork(request, world, taken);
    if (E.isLeft(one)) return one;
    taken.add(one.right.segmentationId);
    appends.push(...one.right.appends);
  }
  return decided(...appends);
};

/**
 * A network stays external while a router's gateway port is on it (Neutron's ExternalNetworkInUse).
 * The gateway port is made in this network's stream, so a gateway set on another node meanwhile
 * moves the stream this update is decided on: one of the two is decided again after the other.
 */
const gatewayRefusal = (state: NetworkState, external: boolean | undefined): DomainError | undefined =>
  external === false && state.network['router:external'] && [...state.ports.values()].some((port) => port.device_owner === ROUTER_GATEWAY_OWNER)
    ? domainError('ExternalNetworkInUse', `External network ${state.network.id} cannot be updated to be made non-external, since it has existing gateway ports.`)
    : undefined;

export const decideUpdateNetwork = (command: UpdateNetwork, world: World): Decision => {
  const state = world.networks.get(command.id);
  if (!state) return E.left(notFound(command.id));
  const { mtu } = command.changes;
  const refused = (mtu === undefined ? undefined : mtuRefusal(mtu)) ?? gatewayRefusal(state, command.changes['router:external']);
  if (refused) return E.left(refused);
  return pipe(
    wildcardChanges(state, command.changes, command.wildcard_policy_ids),
    E.chain((policies) =>
      decidedIfMatch(
        state.network,
        command.if_revision,
        appendTo(world, streamOfNetwork(command.id), [{ type: 'NetworkUpdated', version: 1, data: { id: command.id, changes: command.changes } }, ...policies]),
      ),
    ),
  );
};

/** Ports the network itself owns (Neutron's AUTO_DELETE_PORT_OWNERS): they go with it. */
const NETWORK_OWNED_PORTS = new Set(['network:dhcp', 'network:distributed', 'network:floatingip_agent_gateway']);

/**
 * Neutron deletes a network with its subnets and the ports it owns (DHCP ports), and refuses
 * while any other port remains.
 */
export const decideDeleteNetwork = (command: DeleteNetwork, world: World): Decision => {
  const state = world.networks.get(command.id);
  if (!state) return E.left(notFound(command.id));
  const ports = [...state.ports.values()];
  const inUse = ports.filter((port) => !NETWORK_OWNED_PORTS.has(port.device_owner)).map((port) => port.id);
  if (inUse.length > 0)
    return E.left(
      domainError(
        'NetworkInUse',
        `Unable to complete operation on network ${command.id}. There are one or more ports still in use on the network, id for these ports is: ${inUse.join(',')}.`,
      ),
    );
  return decidedIfMatch(
    state.network,
    command.if_revision,
    appendTo(world, streamOfNetwork(command.id), [
      ...ports.map((port) => ({ type: 'PortDeleted' as const, version: 1 as const, data: { id: port.id, network_id: command.id } })),
      ...[...state.subnets.keys()].map((id) => ({
        type: 'SubnetDeleted' as const,
        version: 1 as const,
        data: { id, network_id: command.id },
      })),
      { type: 'NetworkDeleted', version: 1, data: { id: command.id } },
    ]),
  );
};

/** Networks and their segmentation ids' reservation are one append: no id is reserved for a network never created. */
export const createNetworks: Decider<CreateNetworks> = {
  streams: (command) => writing(SEGMENTATION_STREAM, ...command.networks.map(({ network }) => streamOfNetwork(network.id))),
  decide: decideCreateNetworks,
};
export const updateNetwork: Decider<UpdateNetwork> = { streams: (command) => writing(streamOfNetwork(command.id)), decide: decideUpdateNetwork };
export const deleteNetwork: Decider<DeleteNetwork> = { streams: (command) => writing(streamOfNetwork(command.id)), decide: decideDeleteNetwork };
