import * as E from 'fp-ts/lib/Either.js';
import { appendTo, decided, writing, type Decider, type Decision } from '../common/decision.js';
import { domainError } from '../common/errors.js';
import type { World } from '../world.js';
import type { ResetQuota, UpdateQuota } from './commands.js';
import { QUOTA_STREAM } from './quota.js';

/** A limit below what a project uses already is accepted, as in Neutron: only new creates are refused. */
export const decideUpdateQuota = (command: UpdateQuota, world: World): Decision =>
  decided(appendTo(world, QUOTA_STREAM, [{ type: 'QuotaUpdated', version: 1, data: { project_id: command.project_id, limits: command.limits } }]));

export const decideResetQuota = (command: ResetQuota, world: World): Decision =>
  world.quotas.has(command.project_id)
    ? decided(appendTo(world, QUOTA_STREAM, [{ type: 'QuotaReset', version: 1, data: { project_id: command.project_id } }]))
    : E.left(domainError('TenantQuotaNotFound', `Quota for tenant ${command.project_id} could not be found.`));

export const updateQuota: Decider<UpdateQuota> = { streams: () => writing(QUOTA_STREAM), decide: decideUpdateQuota };
export const resetQuota: Decider<ResetQuota> = { streams: () => writing(QUOTA_STREAM), decide: decideResetQuota };
