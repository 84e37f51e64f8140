import type { World } from '../../domain/index.js';
import type { Context, Handler, Input } from './inputs.js';
import type { Body, Kind } from './ops.js';

/**
 * One derived table of the goal state (as an OVN engine node): a body per entry, a check of
 * whether a host holds an entry (from the incremental indexes), the whole table of a host
 * computed from the world alone, and per input a handler naming the entries it may change.
 */
export interface Table {
  readonly kind: Kind;
  /** The entry's body, the same for every host that holds it; undefined once the resource is gone. */
  body(world: World, id: string): Body | undefined;
  holds(context: Context, host: string, id: string): boolean;
  /** From scratch, for the tests to hold the handlers to: every entry of this table for a host. */
  compute(world: World, host: string): Map<string, Body>;
}

type Handlers = { readonly [I in Input]?: Handler<I> };

export interface GoalStateNode extends Table {
  readonly on: Handlers;
}
