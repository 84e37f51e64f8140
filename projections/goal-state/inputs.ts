import type { FloatingIp, Port, World } from '../../domain/index.js';
import type { Placement } from './placement.js';

/**
 * The inputs of the goal-state graph: what one event changed, in the terms the derived tables
 * depend on. An event becomes one or more of these; each table's handler for an input says
 * which (host, id) entries of that table may have changed.
 */
export interface InputChanges {
  /** A port appeared, changed or went away. */
  port: { readonly before?: Port; readonly after?: Port };
  /** A host started or stopped holding a port of a network. */
  hostNetwork: { readonly host: string; readonly network: string; readonly joined: boolean };
  /** A host started or stopped holding a port in a security group. */
  hostGroup: { readonly host: string; readonly group: string; readonly joined: boolean };
  network: { readonly id: string };
  subnet: { readonly id: string; readonly network: string };
  /** A group's own attributes or its rules changed. */
  securityGroup: { readonly id: string };
  /** A rule of `group` naming `remoteGroup` was added or removed. */
  remoteRule: { readonly group: string; readonly remoteGroup: string };
  /** An address group came, went, or its addresses changed. */
  addressGroup: { readonly id: string };
  /** A rule of `group` naming the address group `addressGroup` was added or removed. */
  addressGroupRule: { readonly group: string; readonly addressGroup: string };
  router: { readonly id: string };
  /** A host's tunnel address (or anything else of it) changed. */
  host: { readonly id: string };
  /** A floating IP appeared, was mapped onto a port, moved, released or went away. */
  floatingIp: { readonly before?: FloatingIp; readonly after?: FloatingIp };
  /** The host doing a router's SNAT changed (from or to none). */
  snatHost: { readonly router: string; readonly before?: string; readonly after?: string };
}
export type Input = keyof InputChanges;

/** What handlers and relevance checks may read: the world after the event, and the placement after it. */
export interface Context {
  readonly world: World;
  readonly placement: Placement;
}

export type Touch = (host: string, id: string) => void;

export type Handler<I extends Input> = (change: InputChanges[I], context: Context, touch: Touch) => void;
