import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { CommandContext } from '../engine/index.js';

/** The caller as authentication established it. */
export interface Caller {
  readonly projectId: string;
  readonly userId: string;
  readonly isAdmin: boolean;
  /** Keystone's roles of the caller (admin, member, reader), as the policy reads them. */
  readonly roles: readonly string[];
  /** Set for a host agent's credential: the one host whose goal state it may read. */
  readonly hostId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
}

/**
 * The metadata of a command's events: the decision's time and ids are taken here, at the edge,
 * so domain/ never reads a clock or draws a random id. With the request's Idempotency-Key, if any.
 */
export const commandContext = (request: FastifyRequest): CommandContext => ({
  commandId: randomUUID(),
  correlationId: headerText(request.headers['x-openstack-request-id']) ?? headerText(request.headers['x-correlation-id']) ?? request.id,
  actor: { projectId: request.caller.projectId, userId: request.caller.userId },
  decidedAt: new Date().toISOString(),
  ...(request.idempotency ? { idempotencyKey: request.idempotency.key } : {}),
});

const headerText = (value: string | string[] | undefined): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= 255 ? value : undefined;

/** 48 random bits in decimal, the raw material of a port's MAC. */
export const macEntropy = (): string => BigInt(`0x${randomUUID().replaceAll('-', '').slice(0, 12)}`).toString();

export const newId = (): string => randomUUID();
