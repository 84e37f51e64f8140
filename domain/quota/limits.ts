import * as E from 'fp-ts/lib/Either.js';
import { domainError, type DomainError } from '../common/errors.js';
import type { World } from '../world.js';
import { DEFAULT_QUOTAS, QUOTA_RESOURCES, type QuotaResource } from './quota.js';

export const limitOf = (world: World, project: string, resource: QuotaResource): number =>
  world.quotas.get(project)?.[resource] ?? DEFAULT_QUOTAS[resource];

export const usedBy = (world: World, project: string, resource: QuotaResource): number => world.usage.get(project)?.[resource] ?? 0;

/** Every limit of a project, defaults filled in. */
export const limitsOf = (world: World, project: string): Record<QuotaResource, number> =>
  Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, limitOf(world, project, r)])) as Record<QuotaResource, number>;

/**
 * Refuses a create that would take a project past its limit (Neutron's OverQuota). Checked against
 * the world the decision sees: creates of one project decided at the same moment in different
 * lanes (two networks' ports) each see the other's count only once it is applied, so a burst
 * across lanes may pass a limit by the lanes in flight, as Neutron's counting without
 * reservations may.
 */
export const withinQuota = (world: World, adding: ReadonlyMap<string, Partial<Record<QuotaResource, number>>>): E.Either<DomainError, void> => {
  for (const [project, counts] of adding) {
    const over = QUOTA_RESOURCES.filter((r) => {
      const count = counts[r] ?? 0;
      const limit = limitOf(world, project, r);
      return count > 0 && limit !== -1 && usedBy(world, project, r) + count > limit;
    });
    if (over.length > 0) return E.left(domainError('OverQuota', `Quota exceeded for resources: [${over.map((r) => `'${r}'`).join(', ')}].`));
  }
  return E.right(undefined);
};

/** One project adding `count` of one resource. */
export const quotaAllows = (world: World, project: string, resource: QuotaResource, count = 1): E.Either<DomainError, void> =>
  withinQuota(world, new Map([[project, { [resource]: count }]]));

/** One resource of `resource` for each project named (a project named twice adds two). */
export const quotaAllowsEach = (world: World, projects: Iterable<string>, resource: QuotaResource): E.Either<DomainError, void> => {
  const adding = new Map<string, Partial<Record<QuotaResource, number>>>();
  for (const project of projects) adding.set(project, { [resource]: (adding.get(project)?.[resource] ?? 0) + 1 });
  return withinQuota(world, adding);
};
