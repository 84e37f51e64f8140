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

/** Neutron's standard attributes that clients may send back unchanged but never set. */
export const ownership = { tenant_id: projectId, project_id: projectId } as const;
