import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { appendTo, checkRevision, checking, decided, decidedIfMatch, type Decider, type Decision, type DecisionStreams } from '../common/decision.js';
import { domainError, type DomainError } from '../common/errors.js';
import type { DomainEvent } from '../events.js';
import { streamOfNetwork, streamsOfNetworks } from '../network/network.js';
import { quotaAllowsEach } from '../quota/limits.js';
import { streamOfHost } from '../host/host.js';
import { streamOfProjectGroups } from '../security-group/security-group.js';
import { portOf, type NetworkState, type World } from '../world.js';
import type { CreatePorts, DeletePort, PortRequest, UpdatePort } from './commands.js';
import { allocateFixedIps, type ChosenAddresses } from './ip-allocation.js';
import { chooseMac } from './mac-choice.js';
import { releaseFloatingIpsOf } from '../floating-ip/decide.js';
import { portSecurityOf } from '../network/network.js';
import { addressPairs, checkPairsNeedPortSecurity, dhcpOptions } from './address-pairs.js';
import { addressPairsOf, dhcpOptionsOf, isServicePort, ROUTER_INTERFACE_OWNER, type PortChanges, type PortFields } from './port.js';
import { statusAfterUpdate } from '../port-status/decide.js';
import { checkSecurityGroups } from './references.js';

const notFound = (id: string) => domainError('PortNotFound', `Port ${id} could not be found.`);

/** Ports owned by the network itself (router, dhcp) get no groups unless asked, as in Neutron. */
const defaultGroups = (world: World, request: PortRequest, portSecurity: boolean): readonly string[] => {
  if (request.security_groups !== undefined) return request.security_groups;
  if (!portSecurity || request.device_owner.startsWith('network:')) return [];
  const group = world.defaultSecurityGroups.get(request.project_id);
  return group === undefined ? [] : [group];
};

/**
 * One port of a create, its checks in Neutron's order, the first refusal answered. Straight-line
 * Either checks rather than a pipe of binds: every port create in a network is decided in its one
 * lane, so the closures and intermediate objects of E.Do/E.bind were a share of the lane's time.
 */
const decidePort = (
  world: World,
  network: NetworkState,
  request: PortRequest,
  chosenIps: ChosenAddresses,
  chosenMacs: Set<string>,
): E.Either<DomainError, PortFields> => {
  const portSecurity = request.port_security_enabled ?? portSecurityOf(network.network);
  const securityGroups = checkSecurityGroups(world, defaultGroups(world, request, portSecurity), portSecurity);
  if (E.isLeft(securityGroups)) return securityGroups;
  // Any host: Nova binds ports before the host is known; the view says binding_failed until it registers.
  const host = request['binding:host_id'];
  const mac = chooseMac(network, request.mac_address, request.mac_entropy, request.id, chosenMacs);
  if (E.isLeft(mac)) return mac;
  const fixedIps = allocateFixedIps(network, request.fixed_ips, request.id, [], chosenIps);
  if (E.isLeft(fixedIps)) return fixedIps;
  const pairs = addressPairs(request.allowed_address_pairs ?? [], mac.right);
  if (E.isLeft(pairs)) return pairs;
  const needed = checkPairsNeedPortSecurity(pairs.right, portSecurity);
  if (E.isLeft(needed)) return needed;
  return E.right({
    id: request.id,
    network_id: request.network_id,
    project_id: request.project_id,
    name: request.name,
    description: request.description,
    admin_state_up: request.admin_state_up,
    mac_address: mac.right,
    fixed_ips: fixedIps.right,
    device_id: request.device_id,
    device_owner: request.device_owner,
    security_groups: [...securityGroups.right],
    port_security_enabled: portSecurity,
    'binding:host_id': host,
    'binding:vnic_type': request['binding:vnic_type'],
    tags: request.tags,
    allowed_address_pairs: pairs.right,
    extra_dhcp_opts: dhcpOptions([], request.extra_dhcp_opts ?? []),
  });
};

/**
 * The streams a port's references are decided on: the host it binds to and the groups it names
 * are only read (their streams checked), so ports binding to one host, or naming one group, from
 * many networks are decided side by side; removing the host or the group reads every network.
 */
const referenceStreams = (world: World, host: string | undefined, groups: readonly string[] | undefined): string[] => [
  ...(host ? [streamOfHost(host)] : []),
  ...new Set((groups ?? []).flatMap((id) => {
    const group = world.securityGroups.get(id);
    return group ? [streamOfProjectGroups(group.project_id)] : [];
  })),
];

/**
 * Every port of a bulk create in one append, whatever the networks: it lands whole or not at
 * all. Each network decides its own ports' addresses; the host and group streams are checked.
 */
export const decideCreatePorts = (command: CreatePorts, world: World): Decision => {
  if (command.ports.length === 0) return E.left(domainError('BadRequest', 'No ports to create.'));
  const quota = quotaAllowsEach(world, command.ports.map((request) => request.project_id), 'port');
  if (E.isLeft(quota)) return quota;
  const byNetwork = new Map<string, { network: NetworkState; chosenIps: ChosenAddresses; chosenMacs: Set<string>; events: DomainEvent[] }>();
  const ids = new Set<string>();
  const references: string[] = [];
  for (const request of command.ports) {
    let inNetwork = byNetwork.get(request.network_id);
    if (!inNetwork) {
      const network = world.networks.get(request.network_id);
      if (!network) return E.left(domainError('NetworkNotFound', `Network ${request.network_id} could not be found.`));
      byNetwork.set(request.network_id, (inNetwork = { network, chosenIps: new Map(), chosenMacs: new Set(), events: [] }));
    }
    if (world.portNetwork.has(request.id) || ids.has(request.id))
      return E.left(domainError('Conflict', `Port ${request.id} already exists.`));
    ids.add(request.id);
    const port = decidePort(world, inNetwork.network, request, inNetwork.chosenIps, inNetwork.chosenMacs);
    if (E.isLeft(port)) return port;
    inNetwork.events.push({ type: 'PortCreated', version: 1, data: { port: port.right } });
    references.push(...referenceStreams(world, port.right['binding:host_id'], port.right.security_groups));
  }
  return decided(
    ...[...byNetwork].map(([id, { events }]) => appendTo(world, streamOfNetwork(id), events)),
    ...checking(world, references),
  );
};

export const decideUpdatePort = (command: UpdatePort, world: World): Decision => {
  const port = portOf(world, command.id);
  if (!port) return E.left(notFound(command.id));
  const network = world.networks.get(port.network_id)!;
  const { changes } = command;
  const macChange = changes.mac_address !== undefined && changes.mac_address.toLowerCase() !== port.mac_address;
  const boundAfter = changes['binding:host_id'] ?? port['binding:host_id'];
  if (macChange && port['binding:host_id'] !== '' && boundAfter !== '')
    return E.left(domainError('PortBound', `Unable to complete operation on port ${port.id}, port is already bound, port type: ovs, old_mac ${port.mac_address}, new_mac ${changes.mac_address}.`));
  const portSecurity = changes.port_security_enabled ?? port.port_security_enabled;
  const groups = changes.security_groups ?? port.security_groups;
  return pipe(
    checkRevision(port, command.if_revision),
    E.chain(() => checkSecurityGroups(world, groups, portSecurity)),
    E.chain((securityGroups) =>
      pipe(
        E.Do,
        E.bind('pairs', () =>
          changes.allowed_address_pairs === undefined
            ? E.right(undefined)
            : addressPairs(changes.allowed_address_pairs, (changes.mac_address ?? port.mac_address).toLowerCase()),
        ),
        E.chainFirst(({ pairs }) => checkPairsNeedPortSecurity(pairs ?? addressPairsOf(port), portSecurity)),
        E.bind('host', () => E.right(changes['binding:host_id'])),
        E.bind('mac', () => (macChange ? chooseMac(network, changes.mac_address, '0', port.id, new Set()) : E.right(undefined))),
        E.bind('fixed_ips', () =>
          changes.fixed_ips === undefined ? E.right(undefined) : allocateFixedIps(network, changes.fixed_ips, port.id, port.fixed_ips, new Map()),
        ),
        E.map(({ host, mac, fixed_ips, pairs }): PortChanges => {
          const { mac_address: _requested, fixed_ips: _asked, allowed_address_pairs: _pairs, extra_dhcp_opts: _options, ...rest } = changes;
          const canonical: PortChanges = { ...rest };
          if (pairs !== undefined) canonical.allowed_address_pairs = pairs;
          if (changes.extra_dhcp_opts !== undefined) canonical.extra_dhcp_opts = dhcpOptions(dhcpOptionsOf(port), changes.extra_dhcp_opts);
          if (mac !== undefined) canonical.mac_address = mac;
          if (fixed_ips !== undefined) canonical.fixed_ips = fixed_ips;
          if (host !== undefined) canonical['binding:host_id'] = host;
          if (changes.security_groups !== undefined) canonical.security_groups = [...securityGroups];
          return canonical;
        }),
      ),
    ),
    E.chain((canonical) =>
      decided(
        appendTo(world, streamOfNetwork(port.network_id), [
          { type: 'PortUpdated', version: 1, data: { id: port.id, network_id: port.network_id, changes: canonical } },
          ...statusAfterUpdate(port, canonical),
        ]),
        ...checking(world, referenceStreams(world, canonical['binding:host_id'], canonical.security_groups)),
      ),
    ),
  );
};

/** A port goes with the mappings of its floating IPs (released first, in their networks' streams). */
export const decideDeletePort = (command: DeletePort, world: World): Decision => {
  const port = portOf(world, command.id);
  if (!port) return E.left(notFound(command.id));
  if (isServicePort(port.device_owner) && !command.by_router)
    return E.left(domainError('ServicePortInUse', `Port ${port.id} cannot be deleted directly via the port API: has device owner ${port.device_owner}.`));
  if (port.device_owner === ROUTER_INTERFACE_OWNER && port.device_id !== '' && !command.by_router)
    return E.left(
      domainError(
        'L3PortInUse',
        `Port ${port.id} cannot be deleted directly via the port API: has device owner ${port.device_owner}.`,
      ),
    );
  return decidedIfMatch(
    port,
    command.if_revision,
    ...releaseFloatingIpsOf(world, port.id).map(({ stream, events }) => appendTo(world, stream, events)),
    appendTo(world, streamOfNetwork(port.network_id), [
      { type: 'PortDeleted', version: 1, data: { id: port.id, network_id: port.network_id } },
    ]),
  );
};

/** A request's default group is read too: it is the one a port without `security_groups` gets. */
const requestedGroups = (world: World, request: PortRequest): readonly string[] =>
  request.security_groups ?? [...(world.defaultSecurityGroups.has(request.project_id) ? [world.defaultSecurityGroups.get(request.project_id)!] : [])];

export const createPorts: Decider<CreatePorts> = {
  streams: (command, world): DecisionStreams => ({
    writes: streamsOfNetworks(command.ports.map((p) => (world.networks.has(p.network_id) ? p.network_id : undefined))),
    reads: [...new Set(command.ports.flatMap((p) => referenceStreams(world, p['binding:host_id'], requestedGroups(world, p))))],
  }),
  decide: decideCreatePorts,
};
export const updatePort: Decider<UpdatePort> = {
  streams: (command, world) => ({
    writes: streamsOfNetworks([world.portNetwork.get(command.id)]),
    reads: referenceStreams(world, command.changes['binding:host_id'], command.changes.security_groups),
  }),
  decide: decideUpdatePort,
};
/** Deleting a port also releases its floating IPs, in their external networks' streams. */
export const deletePort: Decider<DeletePort> = {
  streams: (command, world) => ({
    writes: streamsOfNetworks([world.portNetwork.get(command.id), ...[...(world.portFloatingIps.get(command.id) ?? [])].map((id) => world.floatingIps.get(id)?.floating_network_id)]),
    reads: [],
  }),
  decide: decideDeletePort,
};
