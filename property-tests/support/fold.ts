import * as E from 'fp-ts/lib/Either.js';
import { decide, emptyWorld, type Command, type DomainError, type DomainEvent, type World } from '../../domain/index.js';
import { record, TEST_METADATA } from '../../test-kit/decider-spec.js';

export interface FoldedStep {
  readonly command: Command;
  /** The world before the command, for checks that need what the decision saw: only when asked for. */
  readonly before?: World;
  readonly outcome: E.Either<DomainError, readonly DomainEvent[]>;
}

/**
 * Folds a history through the pure domain alone (decide, then evolve what it decided), calling
 * `each` after every command with the world as it then is.
 */
export const foldHistory = (
  commands: readonly Command[],
  each: (step: FoldedStep, world: World) => void = () => undefined,
  keepBefore = false,
): World => {
  const world = emptyWorld();
  for (const command of commands) {
    const before = keepBefore ? structuredClone(world) : undefined;
    const decision = decide(command, world, TEST_METADATA);
    if (E.isRight(decision)) record(world, decision.right);
    const outcome = E.isLeft(decision) ? decision : E.right(decision.right.flatMap((append) => [...append.events]));
    each({ command, before, outcome }, world);
  }
  return world;
};
