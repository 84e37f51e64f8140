import type { FastifyInstance } from 'fastify';
import type { Caller } from '../context.js';

export type AuthMode = { readonly mode: 'none'; readonly defaultProject: string };

/**
 * `none` (the embedded default, like Neutron's noauth): every caller is admin, acting in the
 * project named by X-Project-Id or in the default project.
 */
export const authentication = (app: FastifyInstance, auth: AuthMode): void => {
  app.decorateRequest('caller', null as unknown as Caller);
  app.addHook('onRequest', async (request) => {
    const project = request.headers['x-project-id'];
    request.caller = {
      projectId: typeof project === 'string' && project.length > 0 && project.length <= 255 ? project : auth.defaultProject,
      userId: 'admin',
      isAdmin: true,
    };
  });
};
