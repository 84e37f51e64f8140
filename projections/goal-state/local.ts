import { portOf, type Port, type World } from '../../domain/index.js';

/** What a host holds, read from the world alone: the from-scratch side of every table. */
export const localPorts = (world: World, host: string): Port[] =>
  [...(world.hostPorts.get(host) ?? [])].map((id) => portOf(world, id)).filter((p): p is Port => p !== undefined);

export const localNetworks = (world: World, host: string): Set<string> => new Set(localPorts(world, host).map((p) => p.network_id));

export const localGroups = (world: World, host: string): Set<string> =>
  new Set(localPorts(world, host).flatMap((p) => p.security_groups));

export const isBound = (port: Port): boolean => port['binding:host_id'] !== '';

/** The hosts a port change may matter to beyond the holders of its network: its old and new host. */
export const hostsOfChange = (before: Port | undefined, after: Port | undefined): string[] =>
  [before?.['binding:host_id'], after?.['binding:host_id']].filter((h): h is string => h !== undefined && h !== '');
