import * as t from 'io-ts';

/** What Neutron counts per project, in the order its quota API lists them. */
export const QUOTA_RESOURCES = [
  'network', 'subnet', 'subnetpool', 'port', 'router', 'floatingip', 'rbac_policy', 'security_group', 'security_group_rule',
] as const;
export type QuotaResource = (typeof QUOTA_RESOURCES)[number];

/** A limit: a count, or -1 for none. */
export const QuotaLimit = t.refinement(t.number, (n) => Number.isInteger(n) && n >= -1, 'QuotaLimit');

export const QuotaLimits = t.partial(Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, QuotaLimit])) as Record<QuotaResource, typeof QuotaLimit>);
export type QuotaLimits = t.TypeOf<typeof QuotaLimits>;

/**
 * The limits of a project no one set limits for: large finite ones, as the reference deployment
 * configures, so every create is counted (as in a real cloud) without a fresh project running
 * into Neutron's small stock limits (10 routers, 10 security groups).
 */
export const DEFAULT_QUOTAS: Readonly<Record<QuotaResource, number>> = {
  network: 1_000_000,
  subnet: 1_000_000,
  subnetpool: -1,
  port: 10_000_000,
  router: 1_000_000,
  floatingip: 1_000_000,
  rbac_policy: 10,
  security_group: 1_000_000,
  security_group_rule: 10_000_000,
};

/** One stream for every project's limits: they are set rarely, by an admin. */
export const QUOTA_STREAM = 'quotas';
