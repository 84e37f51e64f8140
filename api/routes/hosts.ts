import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_AVAILABILITY_ZONE } from '../../domain/index.js';
import { attributes, topology } from '../../projections/index.js';
import type { Caller } from '../context.js';
import { revisionGuard } from '../if-match.js';
import { together, type Body, type ResourceDescription } from '../resource-description.js';
import { resourceRoutes } from '../resource-routes.js';
import * as s from '../schema-parts.js';

const writable = {
  name: s.name,
  description: s.description,
  /** Underlay address other hosts tunnel to; parsed and canonicalised by the domain. */
  tunnel_ip: s.address,
  mac: { type: 'string', minLength: 1, maxLength: 32 },
  /** May do routers' SNAT (an OVN gateway chassis): one gateway host per router is chosen among these. */
  gateway: s.bool,
  /** Listed by /v2.0/availability_zones; "nova" when not given. */
  availability_zone: { type: 'string', minLength: 1, maxLength: 255 },
} as const;

const registerHostSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'tunnel_ip', 'mac'],
  properties: {
    /** The name ports give in binding:host_id (Nova's hypervisor hostname). */
    id: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
    ...writable,
  },
} as const;

const updateHostSchema = { type: 'object', additionalProperties: false, properties: writable } as const;

/** Hosts are the operator's, not a project's: Neutron's policy keeps them to the admin (get_host, create_host...). */
const registerHosts = (bodies: Body[]) => {
  const commands = bodies.map((body) => ({
    type: 'RegisterHost' as const,
    host: {
      id: body.id,
      name: body.name ?? body.id,
      description: body.description ?? '',
      tunnel_ip: body.tunnel_ip,
      mac: body.mac,
      gateway: body.gateway ?? false,
      availability_zone: body.availability_zone ?? DEFAULT_AVAILABILITY_ZONE,
    },
  }));
  return E.right({ command: together(commands), ids: bodies.map((body) => body.id as string) });
};

const updateHost = (id: string, changes: Body, _caller: Caller, ifRevision: number | undefined) =>
  E.right({ type: 'UpdateHost' as const, id, changes, ...revisionGuard(ifRevision) });

const removeHost = (id: string, _caller: Caller, ifRevision: number | undefined) => ({ type: 'RemoveHost' as const, id, ...revisionGuard(ifRevision) });

type Item = Record<string, unknown>;

/**
 * A host with what its agent last reported: the seq and log position it applied, how far it trails
 * (seqs, positions, seconds), when it last reported, and whether its checksum matched.
 */
const withConvergence = (app: FastifyInstance, host: Item | undefined): Item | undefined => {
  const southbound = app.southbound;
  if (!host || !southbound) return host;
  const id = String(host.id);
  const report = southbound.reports.get(id);
  const lag = southbound.reports.lag(id, Date.now());
  return {
    ...host,
    convergence: {
      seq: southbound.streams.seqOf(id),
      applied_seq: report?.seq ?? 0,
      applied_position: report?.position ?? 0,
      lag_seqs: lag.seqs,
      lag_positions: lag.positions,
      lag_seconds: lag.seconds,
      last_report_at: report ? new Date(report.reportedAt).toISOString() : null,
      checksum: report?.checksumState ?? 'unreported',
      alive: southbound.convergence.alive(id),
    },
  };
};

const hostsOf = (app: FastifyInstance): ResourceDescription => ({
  collection: 'hosts',
  selfContainedKind: 'host',
  singular: 'host',
  prefix: '/v1',
  notFoundType: 'HostNotFound',
  notFoundMessage: (id) => `Host ${id} could not be found.`,
  createSchema: registerHostSchema,
  updateSchema: updateHostSchema,
  itemSchema: s.anyObject,
  attributes: attributes.hosts,
  get: (world, id) => withConvergence(app, topology.hosts.get(world, id)),
  list: function* (world) {
    for (const host of topology.hosts.list(world)) yield withConvergence(app, host)!;
  },
  create: registerHosts,
  update: updateHost,
  remove: removeHost,
});

/** Our own resource, `/v1/hosts`: the compute nodes that ports bind to (binding:host_id). */
export const hostRoutes = async (app: FastifyInstance): Promise<void> => resourceRoutes(app, hostsOf(app));
