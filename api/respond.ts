import * as E from 'fp-ts/lib/Either.js';
import type { FastifyRequest } from 'fastify';
import type { Command, StoreUnavailable } from '../domain/index.js';
import type { CommandContext, CommandError, Engine, Executed } from '../engine/index.js';
import type { IdempotencyKeys } from '../projections/index.js';
import { caughtUpWithLog } from './caught-up.js';
import { commandContext } from './context.js';

/**
 * A commit in doubt (the connection broke during COMMIT) made under an Idempotency-Key: once this
 * node has read the log up to its head, the key's index says whether this very command is in it.
 */
const resolveInDoubt = async (engine: Engine, keys: IdempotencyKeys, context: CommandContext, doubt: StoreUnavailable): Promise<E.Either<CommandError, Executed>> => {
  if (!(await caughtUpWithLog(engine))) return E.left(doubt);
  const write = keys.find(context.idempotencyKey!, Date.parse(context.decidedAt));
  if (write?.commandId === context.commandId) return E.right({ position: write.last, events: [], appended: [{ first: write.first, last: write.last }] });
  return E.left({ _tag: 'StoreUnavailable', reason: `${doubt.reason} (the log, read again, does not hold the write: it was not made)` });
};

/**
 * Runs a command on behalf of a request, with the request's caller and ids as event metadata; the
 * positions it appended at are kept on the request, for a write that waits for its hosts. Under an
 * Idempotency-Key, the command takes the key (see plugins/idempotency.ts), and a commit in doubt is
 * resolved by the log instead of left unknown.
 */
export const run = async (engine: Engine, request: FastifyRequest, command: Command): Promise<E.Either<CommandError, Executed>> => {
  const context = commandContext(request);
  const executed = await engine.execute(command, context, request.idempotency?.claim);
  const doubt = E.isLeft(executed) && '_tag' in executed.left && executed.left._tag === 'StoreUnavailable' && executed.left.outcomeUnknown ? executed.left : undefined;
  const result = doubt && context.idempotencyKey !== undefined ? await resolveInDoubt(engine, request.server.idempotencyKeys, context, doubt) : executed;
  if (result._tag === 'Right') request.appended?.push(...result.right.appended);
  return result;
};
