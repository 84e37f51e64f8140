import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance } from 'fastify';
import { attributes, topology } from '../../projections/index.js';
import type { Engine } from '../../engine/index.js';
import type { Caller } from '../context.js';
import { revisionGuard } from '../if-match.js';
import { resourceRoutes } from '../resource-routes.js';
import * as s from '../schema-parts.js';

const writable = {
  name: s.name,
  description: s.description,
  /** Underlay address other hosts tunnel to; parsed and canonicalised by the domain. */
  tunnel_ip: s.address,
  mac: { type: 'string', minLength: 1, maxLength: 32 },
} as const;

const createSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'tunnel_ip', 'mac'],
  properties: {
    /** The name ports give in binding:host_id (Nova's hypervisor hostname). */
    id: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
    ...writable,
  },
} as const;

type Body = Record<string, any>;

/** Hosts are the operator's, not a project's: only an admin sees or changes them. */
const operator = (_item: unknown, caller: Caller): boolean => caller.isAdmin;

/** Our own resource, `/v1/hosts`: the compute nodes that ports bind to (binding:host_id). */
export const hostRoutes = (app: FastifyInstance, engine: Engine): void =>
  resourceRoutes(app, engine, {
    collection: 'hosts',
    selfContainedKind: 'host',
    singular: 'host',
    prefix: '/v1',
    notFoundType: 'HostNotFound',
    notFoundMessage: (id) => `Host ${id} could not be found.`,
    createSchema,
    updateSchema: { type: 'object', additionalProperties: false, properties: writable },
    itemSchema: s.anyObject,
    attributes: attributes.hosts,
    get: topology.hosts.get,
    list: topology.hosts.list,
    visible: operator,
    owned: operator,
    create: async (bodies: Body[], caller) => {
      if (!caller.isAdmin) return E.left({ status: 403, type: 'HTTPForbidden', message: 'Registering a host requires admin privileges.' });
      const commands = bodies.map((body) => ({
        type: 'RegisterHost' as const,
        host: { id: body.id, name: body.name ?? body.id, description: body.description ?? '', tunnel_ip: body.tunnel_ip, mac: body.mac },
      }));
      return E.right({ commands, ids: bodies.map((body) => body.id as string) });
    },
    update: (id, changes: Body, _caller, ifRevision) => E.right({ type: 'UpdateHost', id, changes, ...revisionGuard(ifRevision) }),
    remove: (id, _caller, ifRevision) => ({ type: 'RemoveHost', id, ...revisionGuard(ifRevision) }),
  });
