import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { formatIp, parseIp } from '../address/ip.js';
import { parseUnicastMac } from '../address/mac.js';
import { appendTo, checkRevision, checking, decided, decidedIfMatch, writing, type Decider, type Decision } from '../common/decision.js';
import { everyNetwork } from '../network/network.js';
import { domainError, type DomainError } from '../common/errors.js';
import type { World } from '../world.js';
import type { RegisterHost, RemoveHost, UpdateHost } from './commands.js';
import { streamOfHost, type HostChanges } from './host.js';

const notFound = (id: string) => domainError('HostNotFound', `Host ${id} could not be found.`);

/** Tunnel ip and mac in canonical form, so every agent sees the same bytes. */
const canonical = <T extends HostChanges>(fields: T): E.Either<DomainError, T> => {
  const out = { ...fields };
  if (fields.tunnel_ip !== undefined) {
    const ip = parseIp(fields.tunnel_ip);
    if (E.isLeft(ip)) return E.left(domainError('InvalidInput', `Invalid input for tunnel_ip. Reason: ${ip.left}.`));
    out.tunnel_ip = formatIp(ip.right);
  }
  if (fields.mac !== undefined) {
    const mac = parseUnicastMac(fields.mac);
    if (E.isLeft(mac)) return E.left(domainError('InvalidInput', `Invalid input for mac. Reason: ${mac.left}.`));
    out.mac = mac.right;
  }
  return E.right(out);
};

export const decideRegisterHost = (command: RegisterHost, world: World): Decision => {
  if (world.hosts.has(command.host.id))
    return E.left(domainError('HostAlreadyRegistered', `Host ${command.host.id} is already registered.`));
  return pipe(
    canonical(command.host),
    E.chain((host) => decided(appendTo(world, streamOfHost(host.id), [{ type: 'HostRegistered', version: 1, data: { host } }]))),
  );
};

export const decideUpdateHost = (command: UpdateHost, world: World): Decision => {
  const host = world.hosts.get(command.id);
  if (!host) return E.left(notFound(command.id));
  return pipe(
    checkRevision(host, command.if_revision),
    E.chain(() => canonical(command.changes)),
    E.chain((changes) =>
      decided(appendTo(world, streamOfHost(host.id), [{ type: 'HostUpdated', version: 1, data: { id: host.id, changes } }])),
    ),
  );
};

/**
 * A host with ports bound to it cannot go: its ports would point nowhere. A port binds in its
 * network's stream, only reading the host's, so the removal reads every stream a port may bind
 * in: every network, and the segmentation ids' (no network born meanwhile).
 */
export const decideRemoveHost = (command: RemoveHost, world: World): Decision => {
  const host = world.hosts.get(command.id);
  if (!host) return E.left(notFound(command.id));
  const bound = world.hostPorts.get(host.id)?.size ?? 0;
  if (bound > 0) return E.left(domainError('HostInUse', `Host ${host.id} still has ${bound} bound port(s).`));
  return decidedIfMatch(
    host,
    command.if_revision,
    appendTo(world, streamOfHost(host.id), [{ type: 'HostRemoved', version: 1, data: { id: host.id } }]),
    ...checking(world, everyNetwork(world)),
  );
};

export const registerHost: Decider<RegisterHost> = { streams: (command) => writing(streamOfHost(command.host.id)), decide: decideRegisterHost };
export const updateHost: Decider<UpdateHost> = { streams: (command) => writing(streamOfHost(command.id)), decide: decideUpdateHost };
export const removeHost: Decider<RemoveHost> = {
  streams: (command, world) => ({ writes: [streamOfHost(command.id)], reads: everyNetwork(world) }),
  decide: decideRemoveHost,
};
