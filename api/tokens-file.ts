import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { Caller } from './context.js';

const TokenEntry = t.type({
  project_id: t.string,
  user_id: t.string,
  roles: t.array(t.union([t.literal('admin'), t.literal('member')])),
});
const TokensFile = t.record(t.string, TokenEntry);

/**
 * Parses a tokens file: a JSON object mapping each static token (sent as X-Auth-Token) to
 * `{project_id, user_id, roles: ["admin"|"member"]}`.
 */
export const parseTokens = (text: string): E.Either<string, ReadonlyMap<string, Caller>> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return E.left(`not JSON: ${(error as Error).message}`);
  }
  const decoded = TokensFile.decode(json);
  if (E.isLeft(decoded))
    return E.left('expected {"<token>": {"project_id": "...", "user_id": "...", "roles": ["admin" | "member"]}, ...}');
  const tokens = new Map<string, Caller>();
  for (const [token, entry] of Object.entries(decoded.right)) {
    if (token.length === 0 || entry.project_id.length === 0) return E.left('tokens and project ids must not be empty');
    tokens.set(token, { projectId: entry.project_id, userId: entry.user_id, isAdmin: entry.roles.includes('admin') });
  }
  return E.right(tokens);
};
