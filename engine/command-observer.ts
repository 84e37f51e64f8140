import type { Either } from 'fp-ts/lib/Either.js';
import type { Command } from '../domain/index.js';
import type { CommandContext, CommandError, Executed } from './command-result.js';

/**
 * Hears how each command ended, for metrics and logs; it never changes what the engine does.
 * `outcome` is `ok`, a domain error type (IpAddressGenerationFailure…) or the engine's own
 * refusal (LaneFull, Overloaded, StoreUnavailable, KeyTaken): a short, closed set fit for a metric label.
 */
export interface CommandObserver {
  settled(command: Command, context: CommandContext, result: Either<CommandError, Executed>, seconds: number): void;
  /** The command threw: a bug, never a refusal. */
  crashed(command: Command, context: CommandContext, error: unknown, seconds: number): void;
}

export const outcomeOf = (result: Either<CommandError, Executed>): string =>
  result._tag === 'Right' ? 'ok' : '_tag' in result.left ? result.left._tag : result.left.type;

/** Several observers heard as one. */
export const allOf = (...observers: readonly CommandObserver[]): CommandObserver => ({
  settled: (...args) => observers.forEach((observer) => observer.settled(...args)),
  crashed: (...args) => observers.forEach((observer) => observer.crashed(...args)),
});
