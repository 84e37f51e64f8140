import FindMyWay from 'find-my-way';
import type { FastifyInstance } from 'fastify';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The methods the app answers on a path, learnt from its routes as they are added, so a request
 * on a known path with another method is told 405 and what is allowed, not that nothing is there.
 */
export const routeMethods = (app: FastifyInstance): ((path: string) => string[]) => {
  const routes = FindMyWay();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (routes.find(method as never, route.url) === null) routes.on(method as never, route.url, () => undefined);
  });
  return (path) => METHODS.filter((method) => routes.find(method, path) !== null);
};
