import type { FastifyInstance, FastifyRequest } from 'fastify';

const RESOURCES = ['networks', 'subnets', 'ports', 'security-groups', 'security-group-rules', 'routers'];

const base = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

const hidden = { hide: true } as const;

/** GET /: the API versions, which clients such as the openstack CLI ask before anything else. */
async function listVersions(request: FastifyRequest) {
  return { versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${base(request)}/v2.0/` }] }] };
}

/** GET /v2.0/: the resources of version 2.0 (`/v2.0` without the slash is 404, as in Neutron). */
async function listResources(request: FastifyRequest) {
  return {
    resources: RESOURCES.map((name) => ({
      name: name.replace(/s$/, '').replaceAll('-', '_'),
      collection: name.replaceAll('-', '_'),
      links: [{ rel: 'self', href: `${base(request)}/v2.0/${name}` }],
    })),
  };
}

/** Version discovery as Neutron answers it. */
export const discoveryRoutes = async (app: FastifyInstance): Promise<void> => {
  app.get('/', { schema: hidden }, listVersions);
  app.get('/v2.0/', { schema: hidden }, listResources);
};
