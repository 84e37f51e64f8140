import * as E from 'fp-ts/lib/Either.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Command } from '../domain/index.js';
import type { CommandError, Engine, Executed } from '../engine/index.js';
import { sendCommandError, sendError } from './errors.js';
import { run } from './respond.js';

type Item = Record<string, unknown>;
export type Refusal = { status: number; type: string; message: string };

export type ChangeFailure = { kind: 'gone' } | { kind: 'refused'; refusal: Refusal } | { kind: 'failed'; error: CommandError };

/** Each failed attempt means another change landed: 32 concurrent changes of one resource all get through. */
const ATTEMPTS = 32;

/**
 * A change computed from the resource's current value (add a tag, add routes) decided with that
 * value's revision as its If-Match, so a change landing in between is never lost: the read and the
 * decision are retried instead. A revision the client sent itself is honoured once, not retried.
 */
export const changeFromCurrent = async (
  engine: Engine,
  request: FastifyRequest,
  read: () => Item | undefined,
  clientRevision: number | undefined,
  command: (current: Item, ifRevision: number) => E.Either<Refusal, Command>,
): Promise<E.Either<ChangeFailure, Executed>> => {
  for (let attempt = 1; ; attempt++) {
    const current = read();
    if (!current) return E.left({ kind: 'gone' });
    const next = command(current, clientRevision ?? Number(current.revision_number));
    if (E.isLeft(next)) return E.left({ kind: 'refused', refusal: next.left });
    const result = await run(engine, request, next.right);
    if (E.isRight(result)) return result;
    const stale = 'type' in result.left && result.left.type === 'RevisionNumberConstraintFailed';
    if (!stale || clientRevision !== undefined || attempt >= ATTEMPTS) return E.left({ kind: 'failed', error: result.left });
  }
};

/** Answers a failed change: 404 when the resource went away meanwhile, else the refusal or the command's error. */
export const sendChangeFailure = (reply: FastifyReply, failure: ChangeFailure, missing: () => FastifyReply): FastifyReply => {
  switch (failure.kind) {
    case 'gone': return missing();
    case 'refused': return sendError(reply, failure.refusal.status, failure.refusal.type, failure.refusal.message);
    case 'failed': return sendCommandError(reply, failure.error);
  }
};
