import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RecordedEvent } from '../../domain/index.js';
import { RESOURCE_KINDS, subjectsOf, type AuditFilter, type ResourceKind } from '../../projections/index.js';
import { sendError } from '../errors.js';
import { ALWAYS, anyObject, responses } from '../schema-parts.js';

const time = { type: 'string', format: 'date-time' } as const;
const position = { type: 'string', pattern: '^\\d{1,15}$' } as const;
const text = { type: 'string', minLength: 1, maxLength: 255 } as const;

const eventsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    resource_type: { enum: [...RESOURCE_KINDS] },
    resource_id: text,
    project: text,
    actor: text,
    command_id: text,
    correlation_id: text,
    event_type: { type: 'string', pattern: '^[A-Za-z]{1,64}$' },
    since: time,
    until: time,
    from_position: position,
    to_position: position,
    order: { enum: ['newest', 'oldest'] },
    limit: { type: 'string', pattern: '^([1-9]\\d{0,2}|1000)$' },
    marker: position,
  },
} as const;

type EventsQuery = Partial<Record<keyof (typeof eventsQuery)['properties'], string>>;

/** An event as the audit API shows it: what happened, to what, by whom, when, by which command. */
const auditView = (event: RecordedEvent) => ({
  position: event.position,
  time: event.metadata.decidedAt,
  type: event.type,
  version: event.version,
  stream: event.stream,
  revision: event.revision,
  actor: { project_id: event.metadata.actor.projectId, user_id: event.metadata.actor.userId },
  command_id: event.metadata.commandId,
  correlation_id: event.metadata.correlationId,
  resources: subjectsOf(event, () => undefined),
  data: event.data,
});

const eventsSchema = { tags: ['audit'], querystring: eventsQuery, response: responses({ 200: anyObject }, [...ALWAYS, 503]) };

/** GET /v1/audit/events: who did what, when, to which resource, newest (or oldest) first, paged by position. */
async function listAuditEvents(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  const query = request.query as EventsQuery;
  const newestFirst = query.order !== 'oldest';
  const limit = Number(query.limit ?? 100);
  const marker = query.marker === undefined ? undefined : Number(query.marker);
  const filter: AuditFilter & { commandId?: string; correlationId?: string } = {
    resourceKind: query.resource_type as ResourceKind | undefined,
    resourceId: query.resource_id,
    // A project sees only what was done in its name; an admin sees everything.
    project: request.caller.isAdmin ? query.project : request.caller.projectId,
    actor: query.actor,
    eventType: query.event_type,
    commandId: query.command_id,
    correlationId: query.correlation_id,
    since: query.since === undefined ? undefined : Date.parse(query.since),
    until: query.until === undefined ? undefined : Date.parse(query.until),
    fromPosition: marker !== undefined && !newestFirst ? Math.max(marker + 1, Number(query.from_position ?? 0)) : query.from_position === undefined ? undefined : Number(query.from_position),
    toPosition: marker !== undefined && newestFirst ? Math.min(marker - 1, Number(query.to_position ?? Number.MAX_SAFE_INTEGER)) : query.to_position === undefined ? undefined : Number(query.to_position),
  };
  const found = await this.history!.events(filter, newestFirst, limit);
  if (E.isLeft(found)) return sendError(reply, found.left.status, found.left.type, found.left.message);
  const events = found.right;
  const links = [];
  if (events.length === limit) {
    const url = new URL(request.url, `${request.protocol}://${request.host}`);
    url.searchParams.set('marker', String(events[events.length - 1].position));
    links.push({ rel: 'next', href: url.toString() });
  }
  return reply.send({ events: events.map(auditView), events_links: links });
}

const resourceHistorySchema = {
  tags: ['audit'],
  params: { type: 'object', properties: { kind: { enum: [...RESOURCE_KINDS] }, id: text }, required: ['kind', 'id'] },
  response: responses({ 200: anyObject }, [...ALWAYS, 404, 503]),
};

/** GET /v1/audit/resources/{kind}/{id}/history: every version of one resource, for its project or an admin. */
async function showResourceHistory(this: FastifyInstance, request: FastifyRequest<{ Params: { kind: string; id: string } }>, reply: FastifyReply) {
  const { kind, id } = request.params;
  const found = await this.history!.history(kind as ResourceKind, id);
  if (E.isLeft(found)) return sendError(reply, found.left.status, found.left.type, found.left.message);
  const history = found.right;
  const owner = history.find((v) => v.resource !== null)?.resource?.project_id;
  if (history.length === 0 || (!request.caller.isAdmin && owner !== request.caller.projectId))
    return sendError(reply, 404, 'ResourceNotFound', `No history for ${kind} ${id}.`);
  return reply.send({ history });
}

/** The log's history as an API (registered when the node has its history). */
export const auditRoutes = async (app: FastifyInstance): Promise<void> => {
  app.get('/v1/audit/events', { schema: eventsSchema }, listAuditEvents);
  app.get('/v1/audit/resources/:kind/:id/history', { schema: resourceHistorySchema }, showResourceHistory);
};
