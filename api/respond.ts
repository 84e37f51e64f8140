import type { Either } from 'fp-ts/lib/Either.js';
import type { FastifyRequest } from 'fastify';
import type { Command } from '../domain/index.js';
import type { CommandError, Engine, Executed } from '../engine/index.js';
import { commandContext } from './context.js';

/** Runs a command on behalf of a request, with the request's caller and ids as event metadata. */
export const run = (engine: Engine, request: FastifyRequest, command: Command): Promise<Either<CommandError, Executed>> =>
  engine.execute(command, commandContext(request));
