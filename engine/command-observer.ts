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

/**
 * A command's type as metrics and logs name it: a bulk's is its last command's, the create its
 * route was asked for (what that needs first, a project's default group, comes before it), so a
 * project's first ports count as CreatePorts as the ones after them do.
 */
export const commandTypeOf = (command: Command): string => (command.type === 'Bulk' ? (command.commands.at(-1)?.type ?? command.type) : command.type);

/** Several observers heard as one. */
export const allOf = (...observers: readonly CommandObserver[]): CommandObserver => ({
  settled: (...args) => observers.forEach((observer) => observer.settled(...args)),
  crashed: (...args) => observers.forEach((observer) => observer.crashed(...args)),
});
