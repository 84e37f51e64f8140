import FindMyWay from 'find-my-way';
import type { FastifyInstance } from 'fastify';
import type { ResourceDescription } from './resource-description.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

interface Known {
  /** The methods the app answers on a path. */
  methodsOf(path: string): string[];
  /** The collection whose route answers `method` on `path`, if a resource route does. */
  resourceAt(method: string, path: string): ResourceDescription | undefined;
}

/**
 * The routes of the app, learnt as they are added, so a request on a known path with another
 * method is told 405 and what is allowed, not that nothing is there.
 */
export const knownRoutes = (app: FastifyInstance): Known => {
  const routes = FindMyWay();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      if (routes.find(method as never, route.url) === null) routes.on(method as never, route.url, () => undefined, { resource: route.config?.resource });
  });
  return {
    methodsOf: (path) => METHODS.filter((method) => routes.find(method, path) !== null),
    resourceAt: (method, path) => (routes.find(method as never, path)?.store as { resource?: ResourceDescription } | undefined)?.resource,
  };
};
