import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_QUOTAS, limitsOf, QUOTA_RESOURCES, usedBy, type QuotaResource } from '../../domain/index.js';
import type { Caller } from '../context.js';
import { sendCommandError, sendError } from '../errors.js';
import { run } from '../respond.js';
import * as s from '../schema-parts.js';

type ProjectRequest = FastifyRequest<{ Params: { project: string } }>;
type UpdateRequest = FastifyRequest<{ Params: { project: string }; Body: { quota: Record<string, unknown> } }>;

const projectParams = { type: 'object', properties: { project: s.projectId }, required: ['project'] } as const;
const readSchema = s.routeSchema('quotas', { params: projectParams, success: { 200: s.anyObject }, errors: [...s.ALWAYS, 403] });

/** An admin reads any project's quota, a project its own (Neutron's default policy). */
const mayRead = (caller: Caller, project: string) => caller.isAdmin || caller.projectId === project;

const forbidden = (reply: FastifyReply, action: string) => sendError(reply, 403, 'HTTPForbidden', `rule:${action} is disallowed by policy`);

/** GET /v2.0/quotas: the projects whose limits were set, each with all of its limits. */
async function listQuotas(this: FastifyInstance, request: FastifyRequest) {
  const { world } = this.engine;
  const projects = [...world.quotas.keys()].filter((project) => mayRead(request.caller, project)).sort();
  return { quotas: projects.map((project) => ({ ...limitsOf(world, project), project_id: project, tenant_id: project })) };
}

/** GET /v2.0/quotas/tenant: the caller's own project, as Neutron answers it. */
async function showCallerProject(request: FastifyRequest) {
  return { tenant: { tenant_id: request.caller.projectId } };
}

/** GET /v2.0/quotas/{project}: its limits, defaults where none was set. */
async function showQuota(this: FastifyInstance, request: ProjectRequest, reply: FastifyReply) {
  const { project } = request.params;
  if (!mayRead(request.caller, project)) return forbidden(reply, 'get_quota');
  return { quota: limitsOf(this.engine.world, project) };
}

/** GET /v2.0/quotas/{project}/default: the limits of a project no one set limits for. */
async function showDefaultQuota(this: FastifyInstance, request: ProjectRequest, reply: FastifyReply) {
  if (!mayRead(request.caller, request.params.project)) return forbidden(reply, 'get_quota');
  return { quota: DEFAULT_QUOTAS };
}

/** GET /v2.0/quotas/{project}/details: per resource its limit, what the project uses, and what is reserved (nothing: decisions count at once). */
async function showQuotaDetails(this: FastifyInstance, request: ProjectRequest, reply: FastifyReply) {
  const { project } = request.params;
  if (!mayRead(request.caller, project)) return forbidden(reply, 'get_quota');
  const { world } = this.engine;
  const limits = limitsOf(world, project);
  return { quota: Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, { limit: limits[r], used: usedBy(world, project, r), reserved: 0 }])) };
}

/** Neutron's reading of a quota body: known resources only, integers (or their text), -1 and up. */
const limitsIn = (body: Record<string, unknown>): E.Either<{ type: string; message: string }, Partial<Record<QuotaResource, number>>> => {
  const unknown = Object.keys(body).filter((key) => !(QUOTA_RESOURCES as readonly string[]).includes(key));
  if (unknown.length > 0) return E.left({ type: 'HTTPBadRequest', message: `Unrecognized attribute(s) '${unknown.join(', ')}'` });
  const limits: Partial<Record<QuotaResource, number>> = {};
  for (const [key, value] of Object.entries(body)) {
    const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number)) return E.left({ type: 'InvalidInput', message: `Invalid input for operation: '${String(value)}' is not an integer.` });
    if (number < -1) return E.left({ type: 'HTTPBadRequest', message: `Invalid input for ${key}. Reason: '${number}' is too small - must be at least '-1'.` });
    limits[key as QuotaResource] = number;
  }
  return E.right(limits);
};

const updateSchema = s.routeSchema('quotas', {
  params: projectParams,
  body: { type: 'object', additionalProperties: false, required: ['quota'], properties: { quota: { type: 'object', maxProperties: 32 } } },
  success: { 200: s.anyObject },
  errors: [...s.ALWAYS, 403, ...s.WITH_BODY, ...s.CHANGING],
});

/** PUT /v2.0/quotas/{project}: an admin sets some of a project's limits; the others keep theirs. */
async function updateQuota(this: FastifyInstance, request: UpdateRequest, reply: FastifyReply) {
  const { project } = request.params;
  if (!request.caller.isAdmin) return forbidden(reply, 'update_quota');
  const limits = limitsIn(request.body.quota);
  if (E.isLeft(limits)) return sendError(reply, 400, limits.left.type, limits.left.message);
  const result = await run(this.engine, request, { type: 'UpdateQuota', project_id: project, limits: limits.right });
  return E.isLeft(result) ? sendCommandError(reply, result.left) : { quota: limitsOf(this.engine.world, project) };
}

const deleteSchema = s.routeSchema('quotas', { params: projectParams, success: { 204: s.noContent }, errors: [...s.ALWAYS, 403, 404, ...s.CHANGING] });

/** DELETE /v2.0/quotas/{project}: back to the defaults (404 when there was nothing to reset, as in Neutron). */
async function resetQuota(this: FastifyInstance, request: ProjectRequest, reply: FastifyReply) {
  if (!request.caller.isAdmin) return forbidden(reply, 'delete_quota');
  const result = await run(this.engine, request, { type: 'ResetQuota', project_id: request.params.project });
  return E.isLeft(result) ? sendCommandError(reply, result.left) : reply.code(204).send();
}

/** Neutron's quotas and quota_details extensions: limits per project, enforced when a create is decided. */
export const quotaRoutes = async (app: FastifyInstance): Promise<void> => {
  app.get('/v2.0/quotas', { schema: s.routeSchema('quotas', { success: { 200: s.anyObject }, errors: s.ALWAYS }) }, listQuotas);
  app.get('/v2.0/quotas/tenant', { schema: s.routeSchema('quotas', { success: { 200: s.anyObject }, errors: s.ALWAYS }) }, showCallerProject);
  app.get('/v2.0/quotas/:project', { schema: readSchema }, showQuota);
  app.get('/v2.0/quotas/:project/default', { schema: readSchema }, showDefaultQuota);
  app.get('/v2.0/quotas/:project/details', { schema: readSchema }, showQuotaDetails);
  app.put('/v2.0/quotas/:project', { schema: updateSchema }, updateQuota);
  app.delete('/v2.0/quotas/:project', { schema: deleteSchema }, resetQuota);
};
