import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/** What netledger reads of a Keystone v3 token body (GET or POST /v3/auth/tokens). */
const TokenBody = t.type({
  token: t.intersection([
    t.type({
      expires_at: t.string,
      user: t.type({ id: t.string }),
      roles: t.array(t.type({ name: t.string })),
    }),
    t.partial({ project: t.type({ id: t.string }) }),
  ]),
});

/** The service user netledger checks tokens with, as keystonemiddleware's [keystone_authtoken] names it. */
export interface ServiceUser {
  readonly authUrl: string;
  readonly username: string;
  readonly password: string;
  readonly projectName: string;
  readonly userDomainId?: string;
  readonly projectDomainId?: string;
}

/** Who a token names: its user, its project scope ('' for none), and the roles Keystone gave it there (admin, member, reader ...). */
export interface KeystoneCaller {
  readonly projectId: string;
  readonly userId: string;
  readonly isAdmin: boolean;
  readonly roles: readonly string[];
}

interface Cached {
  readonly caller: KeystoneCaller | undefined;
  readonly until: number;
}

/** Validations kept; past this the oldest go first. */
const MAX_CACHED = 10_000;
/** A token Keystone refused is not asked about again for this long (keystonemiddleware caches them too). */
const REFUSED_FOR_MS = 10_000;

const callerOf = (body: t.TypeOf<typeof TokenBody>): KeystoneCaller => {
  const roles = body.token.roles.map((role) => role.name);
  return { projectId: body.token.project?.id ?? '', userId: body.token.user.id, isAdmin: roles.includes('admin'), roles };
};

/**
 * Validates X-Auth-Token values with Keystone, as keystonemiddleware's auth_token does: the
 * service user's own token (fetched by password, renewed before it expires) asks GET
 * /v3/auth/tokens about each user token, and the answer is kept until the token expires.
 */
export class KeystoneTokens {
  private readonly cache = new Map<string, Cached>();
  private service?: { token: string; until: number };
  private asking = new Map<string, Promise<KeystoneCaller | undefined>>();

  constructor(private readonly user: ServiceUser) {}

  get authUrl(): string {
    return this.user.authUrl;
  }

  /** The caller a token names, or undefined when Keystone does not know it (or it expired). */
  async validate(token: string, now = Date.now()): Promise<KeystoneCaller | undefined> {
    const cached = this.cache.get(token);
    if (cached && cached.until > now) return cached.caller;
    let pending = this.asking.get(token);
    if (!pending) {
      pending = this.ask(token).finally(() => this.asking.delete(token));
      this.asking.set(token, pending);
    }
    return pending;
  }

  /** The service user's token, for other services (Nova) as well. */
  async serviceToken(): Promise<string> {
    if (this.service && this.service.until > Date.now() + 60_000) return this.service.token;
    const response = await fetch(`${this.user.authUrl}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: this.user.username, domain: { id: this.user.userDomainId ?? 'default' }, password: this.user.password } },
          },
          scope: { project: { name: this.user.projectName, domain: { id: this.user.projectDomainId ?? 'default' } } },
        },
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = TokenBody.decode(await response.json().catch(() => undefined));
    const token = response.headers.get('x-subject-token');
    if (response.status !== 201 || !token || E.isLeft(body)) throw new Error(`Keystone refused the service user ${this.user.username}: HTTP ${response.status}`);
    this.service = { token, until: Date.parse(body.right.token.expires_at) };
    return token;
  }

  private async ask(token: string, retried = false): Promise<KeystoneCaller | undefined> {
    const response = await fetch(`${this.user.authUrl}/v3/auth/tokens`, {
      headers: { 'x-auth-token': await this.serviceToken(), 'x-subject-token': token },
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 401 && !retried) {
      // Our own token was revoked or expired early: fetch another once.
      this.service = undefined;
      return this.ask(token, true);
    }
    if (response.status === 404 || response.status === 401) {
      await response.body?.cancel();
      this.keep(token, undefined, Date.now() + REFUSED_FOR_MS);
      return undefined;
    }
    const body = TokenBody.decode(await response.json().catch(() => undefined));
    if (response.status !== 200 || E.isLeft(body)) throw new Error(`Keystone could not validate a token: HTTP ${response.status}`);
    const caller = callerOf(body.right);
    this.keep(token, caller, Date.parse(body.right.token.expires_at));
    return caller;
  }

  private keep(token: string, caller: KeystoneCaller | undefined, until: number): void {
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(token, { caller, until });
  }
}
