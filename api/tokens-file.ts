import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import type { Caller } from './context.js';

const TokenEntry = t.intersection([
  t.type({
    project_id: t.string,
    user_id: t.string,
    roles: t.array(t.union([t.literal('admin'), t.literal('member'), t.literal('reader')])),
  }),
  /** A host agent's credential: it may read that host's goal state and nothing else of the southbound. */
  t.partial({ host_id: t.string }),
]);
const TokensFile = t.record(t.string, TokenEntry);

/**
 * Parses a tokens file: a JSON object mapping each static token (sent as X-Auth-Token) to
 * `{project_id, user_id, roles: ["admin"|"member"|"reader"], host_id?}` (host_id: a host agent's own credential).
 */
export const parseTokens = (text: string): E.Either<string, ReadonlyMap<string, Caller>> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return E.left(`not JSON: ${(error as Error).message}`);
  }
  const decoded = TokensFile.decode(json);
  if (E.isLeft(decoded)) {
    // Name the token whose entry is wrong, and how: the file may hold hundreds.
    const wrong = t.UnknownRecord.is(json) ? Object.entries(json).find(([, entry]) => !TokenEntry.is(entry)) : undefined;
    const where = wrong ? ` (token ${JSON.stringify(wrong[0])}: ${PathReporter.report(TokenEntry.decode(wrong[1])).join('; ')})` : '';
    return E.left(`expected {"<token>": {"project_id": "...", "user_id": "...", "roles": ["admin" | "member" | "reader"], "host_id"?: "..."}, ...}${where}`);
  }
  const tokens = new Map<string, Caller>();
  for (const [token, entry] of Object.entries(decoded.right)) {
    if (token.length === 0 || entry.project_id.length === 0) return E.left('tokens and project ids must not be empty');
    tokens.set(token, {
      projectId: entry.project_id,
      userId: entry.user_id,
      isAdmin: entry.roles.includes('admin'),
      roles: entry.roles,
      ...(entry.host_id !== undefined ? { hostId: entry.host_id } : {}),
    });
  }
  return E.right(tokens);
};
