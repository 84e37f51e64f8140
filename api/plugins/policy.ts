import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import type { Engine } from '../../engine/index.js';
import type { Caller } from '../context.js';
import { sendError } from '../errors.js';
import { itemIn, networkAsSeenBy, POLICY_RESOURCES, relatedIn, type PolicyResource } from '../policy-targets.js';
import { authorize, hasAdminRole, hiddenAttributes, withImpliedRoles, type Asking, type RuleSet } from '../policy/index.js';

type Item = Record<string, unknown>;

/** Neutron's policy as this node applies it. */
export interface NodePolicy {
  readonly rules: RuleSet;
  /** Whether the caller may see the item (`get_<singular>`). */
  mayRead(caller: Caller, singular: string, item: Item): boolean;
  /** Right when the caller may take the action on the target, else Neutron's PolicyNotAuthorized message. */
  authorize(caller: Caller, action: string, collection: string, target: Item, changed?: readonly string[]): E.Either<string, void>;
  /** The item's attributes the caller may not see (`get_<singular>:<attribute>`). */
  hidden(caller: Caller, singular: string, item: Item): string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    readonly policy: NodePolicy;
  }
}

const nodePolicy = (rules: RuleSet, engine: Engine): NodePolicy => {
  // An admin passes every check (authorize), so no target need be built for one: every write and every answer asks.
  const isAdmin = (caller: Caller) => hasAdminRole(caller.roles);
  const asking = (caller: Caller, target: Item): Asking => ({
    rules,
    credentials: { projectId: caller.projectId, userId: caller.userId, roles: withImpliedRoles(caller.roles) },
    target,
    related: relatedIn(engine.world, caller),
  });
  return {
    rules,
    // A read sees a network's sharing as the caller has it; a write's target keeps what the body asks.
    mayRead: (caller, singular, item) =>
      isAdmin(caller) || E.isRight(authorize(asking(caller, singular === 'network' ? networkAsSeenBy(engine.world, caller, item) : item), `get_${singular}`, '')),
    authorize: (caller, action, collection, target, changed) => (isAdmin(caller) ? E.right(undefined) : authorize(asking(caller, target), action, collection, changed)),
    hidden: (caller, singular, item) => (isAdmin(caller) ? [] : hiddenAttributes(asking(caller, item), singular)),
  };
};

/** `/v2.0/<collection>[/:id[/<rest>]]` (and netledger's `/v1/hosts`) as routed: the collection, and whether and how an item is named. */
const ROUTE = /^\/(?:v2\.0|v1)\/([a-z_-]+)(\/:id(?:\/(.+))?)?$/;

/** The action a write on an item's sub-path is (tags, a router's interfaces and routes, a flavor's profiles), as Neutron names it. */
const memberAction = (method: string, singular: string, rest: string): string | undefined => {
  if (rest === 'tags' || rest === 'tags/:tag') return `${method === 'PUT' ? 'update' : method === 'POST' ? 'create' : 'delete'}_${singular}:tags`;
  if (singular === 'flavor' && /^service_profiles(\/:profile_id)?$/.test(rest)) return `${method === 'POST' ? 'create' : 'delete'}_flavor_service_profile`;
  return singular === 'router' && /^(add|remove)_(router_interface|extraroutes)$/.test(rest) ? rest : undefined;
};

/** The project a create belongs to, for `project_id:%(project_id)s`. */
const ownerOf = (body: Item, caller: Caller): string => String(body.project_id ?? body.tenant_id ?? caller.projectId);

/**
 * POST, PUT and DELETE on Neutron's collections pass Neutron's policy before their route runs, as
 * Neutron's policy hook does: a refusal of what the caller can see is 403 PolicyNotAuthorized; what
 * it cannot see (the item, or a create's network or group) is left to the route's own 404.
 */
function enforceWrites(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  const refusal = writeRefusal(this, request);
  if (refusal === undefined) return done();
  sendError(reply, 403, 'PolicyNotAuthorized', refusal);
}

/** Neutron's PolicyNotAuthorized message for a write the caller may not make, if it may not. */
const writeRefusal = (app: FastifyInstance, request: FastifyRequest): string | undefined => {
  if (request.method !== 'POST' && request.method !== 'PUT' && request.method !== 'DELETE') return;
  const route = ROUTE.exec(request.routeOptions.url ?? '');
  const resource = route && POLICY_RESOURCES[route[1]];
  if (!route || !resource) return;
  const { policy } = app;
  const { caller } = request;
  const body = (request.body ?? {}) as Item;
  if (route[2] === undefined) {
    if (request.method !== 'POST') return;
    const bodies = (Array.isArray(body[resource.collection]) ? body[resource.collection] : [body[resource.singular]]) as Item[];
    for (const asked of bodies) {
      const owner = ownerOf(asked, caller);
      // Naming another project is refused by the route, before the policy as in Neutron (400 HTTPBadRequest).
      if (!parentVisible(app, resource, caller, asked) || (owner !== caller.projectId && !caller.isAdmin)) return;
      const decided = policy.authorize(caller, `create_${resource.singular}`, resource.collection, { ...asked, project_id: owner, tenant_id: owner });
      if (E.isLeft(decided)) return decided.left;
    }
    return;
  }
  const item = itemIn(app.engine.world, resource.collection, (request.params as { id: string }).id);
  if (!item || !policy.mayRead(caller, resource.singular, item)) return;
  // An action the policy has no rule for (a rule's update) is the route's to refuse, as Neutron's API does before its policy.
  const defined = (action: string) => policy.rules.checks.has(action);
  const rest = route[3];
  if (rest !== undefined) {
    const action = memberAction(request.method, resource.singular, rest);
    const changes = (body[resource.singular] ?? {}) as Item;
    const decided = action && defined(action) && policy.authorize(caller, action, resource.collection, { ...item, ...changes }, Object.keys(changes));
    return decided && E.isLeft(decided) ? decided.left : undefined;
  }
  if (!defined(`${request.method === 'PUT' ? 'update' : 'delete'}_${resource.singular}`)) return;
  const decided =
    request.method === 'PUT'
      ? policy.authorize(caller, `update_${resource.singular}`, resource.collection, { ...item, ...(body[resource.singular] as Item) }, Object.keys(body[resource.singular] as Item))
      : policy.authorize(caller, `delete_${resource.singular}`, resource.collection, item);
  return E.isLeft(decided) ? decided.left : undefined;
};

/** A create under a network or a group the caller cannot see is answered by the route (its 404), not by the policy. */
const parentVisible = (app: FastifyInstance, resource: PolicyResource, caller: Caller, body: Item): boolean => {
  if (!resource.parent) return true;
  const id = body[resource.parent.key];
  const parent = typeof id === 'string' ? itemIn(app.engine.world, resource.parent.collection, id) : undefined;
  return parent !== undefined && app.policy.mayRead(caller, resource.parent.singular, parent);
};

/** Answers carry only the attributes the caller may see (`get_port:binding:host_id`...), as Neutron strips them. */
function hideAttributes(this: FastifyInstance, request: FastifyRequest, _reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) {
  done(null, withoutHidden(this, request, payload));
}

const withoutHidden = (app: FastifyInstance, request: FastifyRequest, payload: unknown): unknown => {
  const route = ROUTE.exec(request.routeOptions.url ?? '');
  const resource = route && POLICY_RESOURCES[route[1]];
  if (!resource || typeof payload !== 'object' || payload === null) return payload;
  const shown = (item: Item): Item => {
    const hidden = app.policy.hidden(request.caller, resource.singular, item);
    return hidden.length === 0 ? item : Object.fromEntries(Object.entries(item).filter(([key]) => !hidden.includes(key)));
  };
  const body = payload as Item;
  // An answer with nothing hidden is sent as it is, not copied.
  if (typeof body[resource.singular] === 'object' && body[resource.singular] !== null) {
    const item = body[resource.singular] as Item;
    const seen = shown(item);
    return seen === item ? payload : { ...body, [resource.singular]: seen };
  }
  if (Array.isArray(body[resource.collection])) {
    const items = body[resource.collection] as Item[];
    const seen = items.map(shown);
    return seen.every((item, i) => item === items[i]) ? payload : { ...body, [resource.collection]: seen };
  }
  return payload;
};

/** Routes a host agent's credential may use: the southbound routes of a host (each checks that it is the agent's own). */
const AGENT_ROUTES = /^\/southbound\/v1\/hosts\/:id(\/|$)/;

/** A host agent's credential reads its host's goal state and nothing else: not the Neutron API, not other hosts. */
function confineHostAgents(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  const { hostId } = request.caller;
  // Another host's id is answered by the route as hosts the caller may not read are: 404.
  if (hostId === undefined || AGENT_ROUTES.test(request.routeOptions.url ?? '')) return done();
  sendError(reply, 403, 'HTTPForbidden', `The credential of host ${hostId}'s agent is only for that host's southbound routes.`);
}

/**
 * Neutron's policy over the API: writes checked before their routes, hidden attributes taken out
 * of every answer, host agents kept to their southbound routes. Register after authentication.
 */
export const policy = fp<{ rules: RuleSet }>(
  async (app, options) => {
    app.decorate('policy', nodePolicy(options.rules, app.engine));
    app.addHook('onRequest', confineHostAgents);
    app.addHook('preHandler', enforceWrites);
    app.addHook('preSerialization', hideAttributes);
  },
  { name: 'netledger-policy', dependencies: ['netledger-ledger', 'netledger-authentication'] },
);
