import type { World } from '../world.js';
import type { QuotaReset, QuotaUpdated } from './events.js';

export const quotaUpdated = (world: World, event: QuotaUpdated): void => {
  world.quotas.set(event.data.project_id, { ...world.quotas.get(event.data.project_id), ...event.data.limits });
};

export const quotaReset = (world: World, event: QuotaReset): void => {
  world.quotas.delete(event.data.project_id);
};
