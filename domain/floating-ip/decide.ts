import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { quotaAllows } from '../quota/limits.js';
import { appendTo, checkRevision, decided, decidedIfMatch, writing, type Decider, type Decision, type StreamAppend } from '../common/decision.js';
import { streamOfNetwork, streamsOfNetworks } from '../network/network.js';
import { domainError, type DomainError } from '../common/errors.js';
import type { DomainEvent } from '../events.js';
import { allocateFixedIps } from '../port/ip-allocation.js';
import { chooseMac } from '../port/mac-choice.js';
import { isExternalFor } from '../rbac/access.js';
import { FLOATING_IP_OWNER, type FixedIp } from '../port/port.js';
import { servicePort } from '../port/service-port.js';
import type { NetworkState, World } from '../world.js';
import { associate } from './association.js';
import type { CreateFloatingIp, DeleteFloatingIp, UpdateFloatingIp } from './commands.js';
import { streamOfFloatingIp, UNASSOCIATED, type FloatingIp, type FloatingIpChanges, type Mapping } from './floating-ip.js';

export const floatingIpNotFound = (id: string) => domainError('FloatingIPNotFound', `Floating IP ${id} could not be found`);

/** The address asked for, or the next free one of the given subnet, or of the first IPv4 subnet with room. */
const floatingAddress = (network: NetworkState, request: CreateFloatingIp['floating_ip'], portId: string): E.Either<DomainError, FixedIp> => {
  const one = (fixed: E.Either<DomainError, FixedIp[]>) => E.map((ips: FixedIp[]) => ips[0])(fixed);
  if (request.floating_ip_address !== undefined || request.subnet_id !== undefined)
    return one(allocateFixedIps(network, [{ ip_address: request.floating_ip_address, subnet_id: request.subnet_id }], portId, [], new Map()));
  const subnets = [...network.subnets.values()].filter((s) => s.cidr.version === 4);
  if (subnets.length === 0)
    return E.left(domainError('BadRequest', `Bad floatingip request: Network ${network.network.id} does not contain any IPv4 subnet.`));
  for (const subnet of subnets) {
    const fixed = allocateFixedIps(network, [{ subnet_id: subnet.subnet.id }], portId, [], new Map());
    if (E.isRight(fixed)) return one(fixed);
  }
  return E.left(domainError('IpAddressGenerationFailure', `No more IP addresses available on network ${network.network.id}.`));
};

/** The floating IP and the external network's port that holds its address, in that network's stream. */
export const decideCreateFloatingIp = (command: CreateFloatingIp, world: World): Decision => {
  const request = command.floating_ip;
  if (world.floatingIps.has(request.id)) return E.left(domainError('Conflict', `Floating IP ${request.id} already exists.`));
  if (world.portNetwork.has(command.floating_port_id)) return E.left(domainError('Conflict', `Port ${command.floating_port_id} already exists.`));
  const network = world.networks.get(request.floating_network_id);
  if (!network) return E.left(domainError('NetworkNotFound', `Network ${request.floating_network_id} could not be found.`));
  if (!isExternalFor(network, request.project_id))
    return E.left(domainError('BadRequest', `Bad floatingip request: Network ${request.floating_network_id} is not a valid external network.`));
  const quota = quotaAllows(world, request.project_id, 'floatingip');
  if (E.isLeft(quota)) return quota;
  return pipe(
    E.Do,
    E.bind('address', () => floatingAddress(network, request, command.floating_port_id)),
    E.bind('mac', () => chooseMac(network, undefined, command.mac_entropy, command.floating_port_id, new Set())),
    E.bind('association', ({ address }): E.Either<DomainError, Mapping> =>
      request.port_id === undefined
        ? E.right(UNASSOCIATED)
        : associate(world, { id: request.id, floating_network_id: network.network.id, floating_ip_address: address.ip_address }, request.port_id, request.fixed_ip_address),
    ),
    E.chain(({ address, mac, association }) =>
      decided(
        appendTo(world, streamOfFloatingIp(request), [
          {
            type: 'PortCreated',
            version: 1,
            data: {
              port: servicePort({
                id: command.floating_port_id,
                network_id: network.network.id,
                device_id: request.id,
                device_owner: FLOATING_IP_OWNER,
                mac_address: mac,
                fixed_ips: [address],
              }),
            },
          },
          {
            type: 'FloatingIpCreated',
            version: 1,
            data: {
              floating_ip: {
                id: request.id,
                project_id: request.project_id,
                floating_network_id: network.network.id,
                floating_ip_address: address.ip_address,
                floating_port_id: command.floating_port_id,
                ...association,
                description: request.description,
                tags: request.tags,
              },
            },
          },
        ]),
        ...mappingOntoPort(world, request.id, association),
      ),
    ),
  );
};

/**
 * A mapping onto a port is also written in the port's network's stream (after the floating IP's
 * own, so a node that waits for that stream has folded both): a delete of the port on another node
 * then conflicts with it (see FloatingIpMappedOntoPort).
 */
const mappingOntoPort = (world: World, id: string, mapping: Partial<Mapping>): StreamAppend[] => {
  const networkId = mapping.port_id ? world.portNetwork.get(mapping.port_id) : undefined;
  if (!mapping.port_id || networkId === undefined) return [];
  return [appendTo(world, streamOfNetwork(networkId), [{ type: 'FloatingIpMappedOntoPort', version: 1, data: { id, port_id: mapping.port_id, network_id: networkId } }])];
};

/** The port an update maps the floating IP onto: the one it names, or (a new fixed IP alone) the one it is on; null releases it. */
const portMappedBy = (command: UpdateFloatingIp, floatingIp: Pick<FloatingIp, 'port_id'>): string | null | undefined => {
  const { port_id, fixed_ip_address } = command.changes;
  return port_id === undefined && fixed_ip_address !== undefined ? floatingIp.port_id : port_id;
};

/** Maps a floating IP onto a port (a fixed IP of it), moves it to another, or releases it (port_id null). */
export const decideUpdateFloatingIp = (command: UpdateFloatingIp, world: World): Decision => {
  const floatingIp = world.floatingIps.get(command.id);
  if (!floatingIp) return E.left(floatingIpNotFound(command.id));
  // The mapping's three fields are decided below, from the port.
  const { port_id: _asked, fixed_ip_address, ...rest } = command.changes;
  const portId = portMappedBy(command, floatingIp);
  return pipe(
    checkRevision(floatingIp, command.if_revision),
    E.chain((): E.Either<DomainError, Partial<Mapping>> =>
      portId === undefined ? E.right({}) : portId === null ? E.right(UNASSOCIATED) : associate(world, floatingIp, portId, fixed_ip_address),
    ),
    E.chain((association) => {
      const changes: FloatingIpChanges = { ...rest, ...association };
      return decided(
        appendTo(world, streamOfFloatingIp(floatingIp), [{ type: 'FloatingIpUpdated', version: 1, data: { id: floatingIp.id, network_id: floatingIp.floating_network_id, changes } }]),
        ...mappingOntoPort(world, floatingIp.id, association),
      );
    }),
  );
};

export const decideDeleteFloatingIp = (command: DeleteFloatingIp, world: World): Decision => {
  const floatingIp = world.floatingIps.get(command.id);
  if (!floatingIp) return E.left(floatingIpNotFound(command.id));
  return decidedIfMatch(
    floatingIp,
    command.if_revision,
    appendTo(world, streamOfFloatingIp(floatingIp), [
      { type: 'FloatingIpDeleted', version: 1, data: { id: floatingIp.id, network_id: floatingIp.floating_network_id } },
      { type: 'PortDeleted', version: 1, data: { id: floatingIp.floating_port_id, network_id: floatingIp.floating_network_id } },
    ]),
  );
};

/** A port going away takes its floating IPs' mappings with it (Neutron disassociates them): one update per floating IP, in its network's stream. */
export const releaseFloatingIpsOf = (world: World, portId: string): { stream: string; events: DomainEvent[] }[] =>
  [...(world.portFloatingIps.get(portId) ?? [])].flatMap((id) => {
    const floatingIp = world.floatingIps.get(id);
    return floatingIp
      ? [{ stream: streamOfFloatingIp(floatingIp), events: [{ type: 'FloatingIpUpdated' as const, version: 1 as const, data: { id, network_id: floatingIp.floating_network_id, changes: { ...UNASSOCIATED } } }] }]
      : [];
  });

/**
 * A floating IP is decided in its external network's stream, and a mapping onto a port writes the
 * port's network's stream too (mappingOntoPort), where the port's delete is decided.
 */
export const createFloatingIp: Decider<CreateFloatingIp> = {
  streams: (command, world) =>
    writing(...streamsOfNetworks([command.floating_ip.floating_network_id, command.floating_ip.port_id ? world.portNetwork.get(command.floating_ip.port_id) : undefined])),
  decide: decideCreateFloatingIp,
};
export const updateFloatingIp: Decider<UpdateFloatingIp> = {
  streams: (command, world) => {
    const floatingIp = world.floatingIps.get(command.id);
    if (!floatingIp) return writing();
    const portId = portMappedBy(command, floatingIp);
    return writing(...streamsOfNetworks([floatingIp.floating_network_id, portId ? world.portNetwork.get(portId) : undefined]));
  },
  decide: decideUpdateFloatingIp,
};
export const deleteFloatingIp: Decider<DeleteFloatingIp> = {
  streams: (command, world) => {
    const floatingIp = world.floatingIps.get(command.id);
    return writing(...(floatingIp ? [streamOfFloatingIp(floatingIp)] : []));
  },
  decide: decideDeleteFloatingIp,
};
