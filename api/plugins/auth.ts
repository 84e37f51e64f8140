import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Caller } from '../context.js';
import { sendError } from '../errors.js';

export type AuthMode =
  | { readonly mode: 'none'; readonly defaultProject: string }
  | { readonly mode: 'tokens'; readonly tokens: ReadonlyMap<string, Caller> };

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
 */
async function identifyCaller(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  const auth = this.authMode;
  if (auth.mode === 'none') {
    request.caller = { projectId: header(request.headers['x-project-id']) ?? auth.defaultProject, userId: 'admin', isAdmin: true };
    return;
  }
  const token = header(request.headers['x-auth-token']);
  const caller = token === undefined ? undefined : auth.tokens.get(token);
  if (caller) {
    request.caller = caller;
    return;
  }
  if (OPEN.has(request.url.split('?')[0]) && request.method === 'GET') {
    request.caller = { projectId: '', userId: '', isAdmin: false };
    return;
  }
  return sendError(reply, 401, 'HTTPUnauthorized', 'The request you have made requires authentication.');
}

/** Every request learns its caller before anything else reads it. */
export const authentication = fp<{ auth: AuthMode }>(
  async (app, { auth }) => {
    app.decorate('authMode', { getter: () => auth });
    app.decorateRequest('caller', null as unknown as Caller);
    app.addHook('onRequest', identifyCaller);
  },
  { name: 'netledger-authentication' },
);
