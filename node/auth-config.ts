import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import type { AuthMode } from '../api/plugins/auth.js';
import { parseTokens } from '../api/tokens-file.js';

export interface AuthFlags {
  readonly auth: 'none' | 'tokens';
  readonly tokensFile?: string;
  readonly defaultProject: string;
}

/** The API's authentication from the serve flags; a tokens file that cannot be used is an error, not "no auth". */
export const authModeOf = async (flags: AuthFlags): Promise<E.Either<string, AuthMode>> => {
  if (flags.auth === 'none') return E.right({ mode: 'none', defaultProject: flags.defaultProject });
  if (flags.tokensFile === undefined) return E.left('--auth tokens needs --tokens-file');
  let text: string;
  try {
    text = await readFile(flags.tokensFile, 'utf8');
  } catch (error) {
    return E.left(`cannot read tokens file ${flags.tokensFile}: ${(error as Error).message}`);
  }
  const tokens = parseTokens(text);
  return E.isLeft(tokens)
    ? E.left(`tokens file ${flags.tokensFile}: ${tokens.left}`)
    : E.right({ mode: 'tokens', tokens: tokens.right });
};
