import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { appendTo, checkRevision, decided, decidedIfMatch, type Decision } from '../common/decision.js';
import { domainError, type DomainError } from '../common/errors.js';
import type { DomainEvent } from '../events.js';
import { streamOfNetwork } from '../network/network.js';
import { withinQuota } from '../quota/limits.js';
import { portOf, type NetworkState, type World } from '../world.js';
import type { CreatePorts, DeletePort, PortRequest, UpdatePort } from './commands.js';
import { allocateFixedIps, type ChosenAddresses } from './ip-allocation.js';
import { chooseMac } from './mac-choice.js';
import { releaseFloatingIpsOf } from '../floating-ip/decide.js';
import { portSecurityOf } from '../network/network.js';
import { addressPairs, checkPairsNeedPortSecurity, dhcpOptions } from './address-pairs.js';
import { addressPairsOf, dhcpOptionsOf, isServicePort, ROUTER_INTERFACE_OWNER, type PortChanges, type PortFields } from './port.js';
import { statusAfterUpdate } from '../port-status/decide.js';
import { checkHost, checkSecurityGroups } from './references.js';

const notFound = (id: string) => domainError('PortNotFound', `Port ${id} could not be found.`);

/** Ports owned by the network itself (router, dhcp) get no groups unless asked, as in Neutron. */
const defaultGroups = (world: World, request: PortRequest, portSecurity: boolean): readonly string[] => {
  if (request.security_groups !== undefined) return request.security_groups;
  if (!portSecurity || request.device_owner.startsWith('network:')) return [];
  const group = world.defaultSecurityGroups.get(request.project_id);
  return group === undefined ? [] : [group];
};

const decidePort = (
  world: World,
  network: NetworkState,
  request: PortRequest,
  chosenIps: ChosenAddresses,
  chosenMacs: Set<string>,
): E.Either<DomainError, PortFields> => {
  const portSecurity = request.port_security_enabled ?? portSecurityOf(network.network);
  return pipe(
    E.Do,
    E.bind('security_groups', () => checkSecurityGroups(world, defaultGroups(world, request, portSecurity), portSecurity)),
    E.bind('host', () => checkHost(world, request['binding:host_id'])),
    E.bind('mac', () => chooseMac(network, request.mac_address, request.mac_entropy, request.id, chosenMacs)),
    E.bind('fixed_ips', () => allocateFixedIps(network, request.fixed_ips, request.id, [], chosenIps)),
    E.bind('pairs', ({ mac }) => addressPairs(request.allowed_address_pairs ?? [], mac)),
    E.chainFirst(({ pairs }) => checkPairsNeedPortSecurity(pairs, portSecurity)),
    E.map(({ security_groups, host, mac, fixed_ips, pairs }) => ({
      id: request.id,
      network_id: request.network_id,
      project_id: request.project_id,
      name: request.name,
      description: request.description,
      admin_state_up: request.admin_state_up,
      mac_address: mac,
      fixed_ips,
      device_id: request.device_id,
      device_owner: request.device_owner,
      security_groups: [...security_groups],
      port_security_enabled: portSecurity,
      'binding:host_id': host,
      'binding:vnic_type': request['binding:vnic_type'],
      tags: request.tags,
      allowed_address_pairs: pairs,
      extra_dhcp_opts: dhcpOptions([], request.extra_dhcp_opts ?? []),
    })),
  );
};

/** Every port of one network in one append: a bulk create lands whole or not at all. */
export const decideCreatePorts = (command: CreatePorts, world: World): Decision => {
  if (command.ports.length === 0) return E.left(domainError('BadRequest', 'No ports to create.'));
  const networkId = command.ports[0].network_id;
  if (command.ports.some((p) => p.network_id !== networkId))
    return E.left(domainError('BadRequest', 'Ports decided together must share one network.'));
  const network = world.networks.get(networkId);
  if (!network) return E.left(domainError('NetworkNotFound', `Network ${networkId} could not be found.`));
  const perProject = new Map<string, { port: number }>();
  for (const request of command.ports) perProject.set(request.project_id, { port: (perProject.get(request.project_id)?.port ?? 0) + 1 });
  const quota = withinQuota(world, perProject);
  if (E.isLeft(quota)) return quota;
  const chosenIps: ChosenAddresses = new Map();
  const chosenMacs = new Set<string>();
  const ids = new Set<string>();
  const events: DomainEvent[] = [];
  for (const request of command.ports) {
    if (world.portNetwork.has(request.id) || ids.has(request.id))
      return E.left(domainError('Conflict', `Port ${request.id} already exists.`));
    ids.add(request.id);
    const port = decidePort(world, network, request, chosenIps, chosenMacs);
    if (E.isLeft(port)) return port;
    events.push({ type: 'PortCreated', version: 1, data: { port: port.right } });
  }
  return decided(appendTo(world, streamOfNetwork(networkId), events));
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
        E.bind('host', () => (changes['binding:host_id'] === undefined ? E.right(undefined) : checkHost(world, changes['binding:host_id']))),
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
