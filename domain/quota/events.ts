import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';
import { QuotaLimits } from './quota.js';

export const QuotaUpdated = eventCodec('QuotaUpdated', 1, t.type({ project_id: t.string, limits: QuotaLimits }));
export const QuotaReset = eventCodec('QuotaReset', 1, t.type({ project_id: t.string }));
export type QuotaUpdated = t.TypeOf<typeof QuotaUpdated>;
export type QuotaReset = t.TypeOf<typeof QuotaReset>;
