/** JSON schema pieces shared by the resource routes, with Neutron's limits. */
export const name = { type: 'string', maxLength: 255 } as const;
export const description = { type: 'string', maxLength: 255 } as const;
export const id = { type: 'string', minLength: 1, maxLength: 255 } as const;
export const uuid = { type: 'string', pattern: '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$' } as const;
export const projectId = { type: 'string', minLength: 1, maxLength: 255 } as const;
export const bool = { type: 'boolean' } as const;
export const address = { type: 'string', minLength: 1, maxLength: 64 } as const;
export const tags = { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 255 } } as const;
export const hostRoutes = {
  type: 'array',
  maxItems: 100,
  items: {
    type: 'object',
    properties: { destination: address, nexthop: address },
    required: ['destination', 'nexthop'],
    additionalProperties: false,
  },
} as const;

/** A port's fixed_ips as asked for: a subnet, an address, or both, each. */
export const fixedIps = {
  type: 'array',
  maxItems: 100,
  items: {
    type: 'object',
    properties: { subnet_id: id, ip_address: address },
    additionalProperties: false,
  },
} as const;

/** Neutron's standard attributes that clients may send back unchanged but never set. */
export const ownership = { tenant_id: projectId, project_id: projectId } as const;

/** Neutron's error body, as every 4xx and 5xx of ours carries it. */
export const neutronErrorBody = {
  type: 'object',
  required: ['NeutronError'],
  properties: {
    NeutronError: {
      type: 'object',
      required: ['type', 'message', 'detail'],
      properties: { type: { type: 'string' }, message: { type: 'string' }, detail: { type: 'string' } },
    },
  },
} as const;

/** Any JSON object: success bodies are documented by their shape, not constrained by the serializer. */
export const anyObject = { type: 'object', additionalProperties: true } as const;

export const noContent = { type: 'null', description: 'No content' } as const;

const ERROR_MEANING: Record<number, string> = {
  400: 'Bad request: malformed JSON, wrong content, or a value Neutron refuses',
  401: 'Missing or unknown X-Auth-Token (tokens mode)',
  403: 'The caller sees the resource but may not change it',
  404: 'No such resource (or not visible to the caller)',
  409: 'Conflict with the current state',
  412: 'If-Match revision_number is stale',
  413: 'Request body over the size limit',
  415: 'Unsupported content type',
  429: 'Too many requests queued for this resource; retry later',
  503: 'The event store cannot take writes now; retry later',
};

/**
 * The responses of a route for the OpenAPI document: its successes, and every error status it
 * can answer with Neutron's error body.
 */
export const responses = (success: Record<number, object>, errors: readonly number[]) => ({
  ...success,
  ...Object.fromEntries(errors.map((status) => [status, { description: ERROR_MEANING[status], ...neutronErrorBody }])),
});

/** Statuses every route can answer, and those of routes that read a body or change state. */
export const ALWAYS = [400, 401] as const;
export const WITH_BODY = [413, 415] as const;
export const CHANGING = [409, 429, 503] as const;

/** The `:id` of a resource path. */
export const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 255 } }, required: ['id'] } as const;

/** A route's schema: the collection it is listed under in the OpenAPI document, what it takes, its successes and errors. */
export const routeSchema = (collection: string, parts: { params?: object; body?: object; success: Record<number, object>; errors: readonly number[] }) => ({
  tags: [collection],
  ...(parts.params ? { params: parts.params } : {}),
  ...(parts.body ? { body: parts.body } : {}),
  response: responses(parts.success, parts.errors),
});
