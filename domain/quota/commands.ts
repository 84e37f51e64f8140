import * as t from 'io-ts';
import { QuotaLimits } from './quota.js';

export const UpdateQuota = t.type({ type: t.literal('UpdateQuota'), project_id: t.string, limits: QuotaLimits });
/** Neutron's DELETE of a project's quota: back to the defaults. */
export const ResetQuota = t.type({ type: t.literal('ResetQuota'), project_id: t.string });
export type UpdateQuota = t.TypeOf<typeof UpdateQuota>;
export type ResetQuota = t.TypeOf<typeof ResetQuota>;
