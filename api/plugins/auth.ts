import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import type { Caller } from '../context.js';
import { sendError } from '../errors.js';

/** Checks a token with an identity service: the caller it names, or undefined when it names none. */
export interface TokenValidator {
  /** Where clients authenticate: the `uri` a 401 points them to. */
  readonly authUrl: string;
  validate(token: string): Promise<Caller | undefined>;
  /** The node's own token, for the services it calls (Nova). */
  serviceToken(): Promise<string>;
}

export type AuthMode =
  | { readonly mode: 'none'; readonly defaultProject: string }
  | { readonly mode: 'tokens'; readonly tokens: ReadonlyMap<string, Caller> }
  | { readonly mode: 'keystone'; readonly keystone: TokenValidator };

declare module 'fastify' {
  interface FastifyInstance {
    /** How callers are told apart: noauth or static tokens. */
    readonly authMode: AuthMode;
  }
}

/** Asked before authenticating: Neutron's version document (clients discover the API with it), and the probes. */
const OPEN = new Set(['/', '/openapi.json', '/healthz', '/readyz', '/metrics']);

const header = (value: string | string[] | undefined): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= 255 ? value : undefined;

/**
 * `none` (the embedded default, like Neutron's noauth): every caller is admin, acting in the
 * project named by X-Project-Id or in the default project.
 * `tokens`: X-Auth-Token must be one of the static tokens, which names the caller's project and
 * role; anything else is 401.
 * `keystone`: Keystone validates X-Auth-Token (user, project scope, roles); anything else is 401
 * as keystonemiddleware answers it, pointing to Keystone.
 */
function identifyCaller(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  const auth = this.authMode;
  if (auth.mode === 'none') {
    request.caller = { projectId: header(request.headers['x-project-id']) ?? auth.defaultProject, userId: 'admin', isAdmin: true, roles: ['admin'] };
    return done();
  }
  const token = header(request.headers['x-auth-token']);
  if (auth.mode === 'tokens') return answerAs(auth, token === undefined ? undefined : auth.tokens.get(token), request, reply, done);
  if (token === undefined) return answerAs(auth, undefined, request, reply, done);
  validated(auth.keystone, token, reply).then((caller) => answerAs(auth, caller, request, reply, done), done);
}

/** The request goes on as the caller its token named, or as nobody to an open route, or is answered 401. */
const answerAs = (auth: AuthMode, caller: Caller | undefined, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
  if (reply.sent) return;
  if (caller) {
    request.caller = caller;
    return done();
  }
  if (OPEN.has(request.url.split('?')[0]) && request.method === 'GET') {
    request.caller = { projectId: '', userId: '', isAdmin: false, roles: [] };
    return done();
  }
  if (auth.mode === 'keystone') refuseAsKeystonemiddleware(reply, auth.keystone.authUrl);
  else sendError(reply, 401, 'HTTPUnauthorized', 'The request you have made requires authentication.');
};

/** A token Keystone could not be asked about is a 503 (try again), not a 401 (log in again). */
const validated = async (keystone: TokenValidator, token: string, reply: FastifyReply): Promise<Caller | undefined> => {
  try {
    return await keystone.validate(token);
  } catch {
    sendError(reply, 503, 'ServiceUnavailable', 'The identity service could not be reached to validate the token; retry later.');
    return undefined;
  }
};

const KEYSTONE_REFUSAL = JSON.stringify({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } });

/** keystonemiddleware's 401: its own body (sent as text: the routes' 401 schema is Neutron's), and where to authenticate. */
const refuseAsKeystonemiddleware = (reply: FastifyReply, authUrl: string) =>
  reply.code(401).header('www-authenticate', `Keystone uri="${authUrl}"`).type('application/json').send(KEYSTONE_REFUSAL);

/** Every request learns its caller before anything else reads it. */
export const authentication = fp<{ auth: AuthMode }>(
  async (app, { auth }) => {
    app.decorate('authMode', { getter: () => auth });
    app.decorateRequest('caller', null as unknown as Caller);
    app.addHook('onRequest', identifyCaller);
  },
  { name: 'netledger-authentication' },
);
