import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import type { AuthMode } from '../api/plugins/auth.js';
import { parseTokens } from '../api/tokens-file.js';
import { KeystoneTokens } from '../infra/keystone/keystone-tokens.js';

export interface AuthFlags {
  readonly auth: 'none' | 'tokens' | 'keystone';
  readonly tokensFile?: string;
  readonly defaultProject: string;
  /** --auth keystone: Keystone's URL and the service user that validates tokens (keystonemiddleware's [keystone_authtoken]). */
  readonly keystoneUrl?: string;
  readonly keystoneUser?: string;
  readonly keystonePassword?: string;
  readonly keystoneProject?: string;
  readonly keystoneDomain?: string;
}

/** The API's authentication from the serve flags; a tokens file that cannot be used is an error, not "no auth". */
export const authModeOf = async (flags: AuthFlags): Promise<E.Either<string, AuthMode>> => {
  if (flags.auth === 'none') return E.right({ mode: 'none', defaultProject: flags.defaultProject });
  if (flags.auth === 'keystone') {
    const { keystoneUrl, keystoneUser, keystonePassword, keystoneProject } = flags;
    if (!keystoneUrl || !keystoneUser || !keystonePassword || !keystoneProject)
      return E.left('--auth keystone needs --keystone-url, --keystone-user, --keystone-password (or NETLEDGER_KEYSTONE_PASSWORD) and --keystone-project');
    const domain = flags.keystoneDomain ?? 'default';
    const keystone = new KeystoneTokens({
      authUrl: keystoneUrl.replace(/\/+$/, ''),
      username: keystoneUser,
      password: keystonePassword,
      projectName: keystoneProject,
      userDomainId: domain,
      projectDomainId: domain,
    });
    return E.right({ mode: 'keystone', keystone });
  }
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
