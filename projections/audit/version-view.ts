import type { Network, Port, Router, Subnet } from '../../domain/index.js';
import { networkView } from '../topology/network-view.js';
import { portView } from '../topology/port-view.js';
import { routerView } from '../topology/router-view.js';
import { subnetView } from '../topology/subnet-view.js';
import type { ResourceKind } from './subjects.js';

/** Kinds whose Neutron view follows from the resource's own history alone. */
export const SELF_CONTAINED_KINDS = ['network', 'subnet', 'port', 'router'] as const satisfies readonly ResourceKind[];
export type SelfContainedKind = (typeof SELF_CONTAINED_KINDS)[number];

/**
 * A resource as Neutron showed it, from a record of its history (`nextVersion`): the same view
 * the present world gives, so a past show costs the resource's own history, not a world rebuild.
 */
export const viewOfVersion = (kind: SelfContainedKind, record: Record<string, unknown>) => {
  switch (kind) {
    case 'network': return networkView(record as unknown as Network, record.subnets as string[]);
    case 'subnet': return subnetView(record as unknown as Subnet);
    case 'port': return portView(record as unknown as Port);
    case 'router': return routerView(record as unknown as Router);
  }
};
