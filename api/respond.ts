import type { Either } from 'fp-ts/lib/Either.js';
import type { FastifyRequest } from 'fastify';
import type { Command } from '../domain/index.js';
import type { CommandError, Engine, Executed } from '../engine/index.js';
import { commandContext } from './context.js';

/**
 * Runs a command on behalf of a request, with the request's caller and ids as event metadata; the
 * positions it appended at are kept on the request, for a write that waits for its hosts.
 */
export const run = async (engine: Engine, request: FastifyRequest, command: Command): Promise<Either<CommandError, Executed>> => {
  const result = await engine.execute(command, commandContext(request));
  if (result._tag === 'Right') request.appended?.push(...result.right.appended);
  return result;
};
