import * as E from 'fp-ts/lib/Either.js';
import type { FastifyRequest } from 'fastify';

/** `If-Match: revision_number=N` (Neutron's standard-attr-revisions); absent means unconditional. */
export const ifMatchRevision = (request: FastifyRequest): E.Either<{ status: number; type: string; message: string }, number | undefined> => {
  const header = request.headers['if-match'];
  if (header === undefined) return E.right(undefined);
  const match = /^revision_number=(\d{1,15})$/.exec(String(header).trim());
  return match
    ? E.right(Number(match[1]))
    : E.left({ status: 400, type: 'HTTPBadRequest', message: `If-Match header must be of the form revision_number=N, got '${header}'` });
};

/** The command's `if_revision`, present only when the client asked for one. */
export const revisionGuard = (ifRevision: number | undefined): { if_revision?: number } =>
  ifRevision === undefined ? {} : { if_revision: ifRevision };
