import type { DomainError, DomainEvent, EventMetadata, StoreUnavailable } from '../domain/index.js';
import type { LaneFull, Overloaded } from './lanes.js';

/** Who asks, and the decision's moment and ids: everything a command's events carry as metadata. */
export type CommandContext = EventMetadata;

/**
 * The command's Idempotency-Key was taken meanwhile by another command (another node's, at the
 * same moment): nothing of this one was appended, and its answer is that command's.
 */
export interface KeyTaken {
  readonly _tag: 'KeyTaken';
}

/** Why a command changed nothing: the domain refused it, the node or its store could not take it now, or its key was taken. */
export type CommandError = DomainError | StoreUnavailable | LaneFull | Overloaded | KeyTaken;

/** What a command did. */
export interface Executed {
  /** Position of the last event appended (or the world's position when nothing changed). */
  readonly position: number;
  readonly events: readonly DomainEvent[];
  /** The log positions the events were appended at: one range per append. */
  readonly appended: readonly { readonly first: number; readonly last: number }[];
}
