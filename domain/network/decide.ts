import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { parseCidr } from '../address/cidr.js';
import { firstFree } from '../address/free-ranges.js';
import { appendTo, decided, decidedIfMatch, writing, type Decider, type Decision } from '../common/decision.js';
import { domainError } from '../common/errors.js';
import { SEGMENTATION_STREAM, MAX_VNI, MIN_VNI } from '../segmentation/events.js';
import type { World } from '../world.js';
import type { CreateNetwork, DeleteNetwork, UpdateNetwork } from './commands.js';
import { DEFAULT_MTU, MIN_MTU, streamOfNetwork } from './network.js';
import { quotaAllows } from '../quota/limits.js';
import { wildcardChanges, wildcardsOfNewNetwork } from '../rbac/wildcard.js';

const notFound = (id: string) => domainError('NetworkNotFound', `Network ${id} could not be found.`);

const chooseSegmentationId = (world: World, requested: number | undefined) => {
  if (requested !== undefined) {
    if (!Number.isInteger(requested) || requested < MIN_VNI || requested > MAX_VNI)
      return E.left(domainError('InvalidInput', `Invalid input for operation: segmentation_id ${requested} is outside ${MIN_VNI}..${MAX_VNI}.`));
    return world.segmentationIds.has(requested)
      ? E.left(domainError('Conflict', `Unable to create the network. The VXLAN ${requested} is in use.`))
      : E.right(requested);
  }
  const free = firstFree(world.freeSegmentationIds);
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

export const decideCreateNetwork = (command: CreateNetwork, world: World): Decision => {
  const { network } = command;
  if (world.networks.has(network.id)) return E.left(domainError('Conflict', `Network ${network.id} already exists.`));
  if (network.cidr !== null) {
    const cidr = parseCidr(network.cidr);
    if (E.isLeft(cidr)) return E.left(domainError('InvalidInput', `Invalid input for cidr. Reason: ${cidr.left}.`));
  }
  const quota = quotaAllows(world, network.project_id, 'network');
  if (E.isLeft(quota)) return quota;
  const mtu = network.mtu ?? DEFAULT_MTU;
  const refusedMtu = mtuRefusal(mtu);
  if (refusedMtu) return E.left(refusedMtu);
  return pipe(
    chooseSegmentationId(world, network.segmentation_id),
    E.chain((segmentationId) => {
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
      return decided(
        appendTo(world, SEGMENTATION_STREAM, [
          { type: 'SegmentationIdReserved', version: 1, data: { segmentation_id: segmentationId, network_id: network.id } },
        ]),
        appendTo(world, streamOfNetwork(network.id), [
          { type: 'NetworkCreated', version: 1, data: { network: fields } },
          ...wildcardsOfNewNetwork(fields, command.wildcard_policy_ids),
        ]),
      );
    }),
  );
};

export const decideUpdateNetwork = (command: UpdateNetwork, world: World): Decision => {
  const state = world.networks.get(command.id);
  if (!state) return E.left(notFound(command.id));
  const { mtu } = command.changes;
  const refusedMtu = mtu === undefined ? undefined : mtuRefusal(mtu);
  if (refusedMtu) return E.left(refusedMtu);
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

/** A network and its segmentation id's reservation are one append: no id is reserved for a network never created. */
export const createNetwork: Decider<CreateNetwork> = {
  streams: (command) => writing(SEGMENTATION_STREAM, streamOfNetwork(command.network.id)),
  decide: decideCreateNetwork,
};
export const updateNetwork: Decider<UpdateNetwork> = { streams: (command) => writing(streamOfNetwork(command.id)), decide: decideUpdateNetwork };
export const deleteNetwork: Decider<DeleteNetwork> = { streams: (command) => writing(streamOfNetwork(command.id)), decide: decideDeleteNetwork };
