import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Host } from '../../domain/index.js';
import { sendError } from '../errors.js';
import * as s from '../schema-parts.js';

/** Neutron writes an agent's times without a zone, to the second: "2026-12-03 09:00:00". */
const agentTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const fromNeutronTime = (text: string): number => Date.parse(text);

/** A stable id per host, shaped as Neutron's agent ids are (a UUID). */
const agentId = (hostId: string): string => {
  const hex = createHash('sha1').update(`netledger-agent:${hostId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** One host's agent as Neutron's agents extension shows it, with what its last report said. */
const agentView = (app: FastifyInstance, host: Host) => {
  const { reports, convergence, streams } = app.southbound!;
  const report = reports.get(host.id);
  const lag = reports.lag(host.id, Date.now());
  return {
    id: agentId(host.id),
    agent_type: 'netledger agent',
    binary: report?.agentType ?? 'netledger-agent',
    host: host.id,
    topic: 'N/A',
    admin_state_up: true,
    alive: convergence.alive(host.id),
    heartbeat_timestamp: agentTime(report?.reportedAt ?? fromNeutronTime(host.created_at)),
    created_at: agentTime(fromNeutronTime(host.created_at)),
    started_at: agentTime(fromNeutronTime(host.created_at)),
    description: null,
    availability_zone: null,
    resources_synced: null,
    ha_state: null,
    configurations: {
      agent_version: report?.agentVersion ?? '',
      applied_seq: report?.seq ?? 0,
      host_seq: streams.seqOf(host.id),
      checksum_state: report?.checksumState ?? 'unreported',
      lag_seqs: lag.seqs,
    },
  };
};

const FILTERS = ['id', 'host', 'agent_type', 'binary', 'alive', 'admin_state_up'] as const;

type AgentsRequest = FastifyRequest<{ Querystring: Record<string, string | string[] | undefined> }>;

const agentsSchema = s.routeSchema('agents', { success: { 200: s.anyObject }, errors: [...s.ALWAYS, 403] });
const agentSchema = s.routeSchema('agents', { params: s.idParams, success: { 200: s.anyObject }, errors: [...s.ALWAYS, 403, 404] });

const forOperator = (request: FastifyRequest, reply: FastifyReply): boolean => {
  if (request.caller.isAdmin) return true;
  sendError(reply, 403, 'HTTPForbidden', 'Agents are for the operator.');
  return false;
};

/** GET /v2.0/agents: one agent per registered host, alive while it reports within the node's timeout. */
async function listAgents(this: FastifyInstance, request: AgentsRequest, reply: FastifyReply) {
  if (!forOperator(request, reply)) return reply;
  const wanted = FILTERS.flatMap((key) => {
    const value = request.query[key];
    return value === undefined ? [] : [[key, new Set([value].flat())] as const];
  });
  const agents = [...this.engine.world.hosts.values()]
    .map((host) => agentView(this, host))
    .filter((agent) => wanted.every(([key, values]) => values.has(String(agent[key]))));
  return { agents };
}

/** GET /v2.0/agents/{id} */
async function showAgent(this: FastifyInstance, request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
  if (!forOperator(request, reply)) return reply;
  const host = [...this.engine.world.hosts.values()].find((each) => agentId(each.id) === request.params.id);
  if (!host) return sendError(reply, 404, 'AgentNotFound', `Agent ${request.params.id} could not be found.`);
  return { agent: agentView(this, host) };
}

/** Neutron's agents extension over the hosts' agents (registered when the node has a southbound). */
export const agentRoutes = async (app: FastifyInstance): Promise<void> => {
  app.get('/v2.0/agents', { schema: agentsSchema }, listAgents);
  app.get('/v2.0/agents/:id', { schema: agentSchema }, showAgent);
};
