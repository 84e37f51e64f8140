import type { FastifyInstance } from 'fastify';

const RESOURCES = ['networks', 'subnets', 'ports', 'security-groups', 'security-group-rules', 'routers'];

/** Version discovery as Neutron answers it: clients such as the openstack CLI ask before anything else. */
export const discoveryRoutes = (app: FastifyInstance): void => {
  const base = (request: { protocol: string; host: string }) => `${request.protocol}://${request.host}`;
  app.get('/', { schema: { hide: true } }, async (request) => ({
    versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${base(request)}/v2.0/` }] }],
  }));
  app.get('/v2.0', { schema: { hide: true } }, async (request) => ({
    resources: RESOURCES.map((name) => ({
      name: name.replace(/s$/, '').replaceAll('-', '_'),
      collection: name.replaceAll('-', '_'),
      links: [{ rel: 'self', href: `${base(request)}/v2.0/${name}` }],
    })),
  }));
};
