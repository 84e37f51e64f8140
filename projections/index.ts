/** Read models folded from the log: the topology as Neutron shows it, IPAM and MAC usage. */
export type { Projection } from './projection.js';
export { topology, type Collection } from './topology/collections.js';
export { attributes } from './topology/attributes.js';
export { networkView } from './topology/network-view.js';
export { subnetView } from './topology/subnet-view.js';
export { portView, portStatus } from './topology/port-view.js';
export { securityGroupView, securityGroupRuleView } from './topology/security-group-view.js';
export { routerView } from './topology/router-view.js';
export { hostView } from './topology/host-view.js';
export { floatingIpView } from './topology/floating-ip-view.js';
export { subnetIpAvailability, networkIpAvailability, macsInUse } from './ipam.js';
export { AuditIndex, type AuditFilter } from './audit/audit-index.js';
export type { AuditRow, AuditRows } from './audit/audit-rows.js';
export { subjectsOf, names, RESOURCE_KINDS, type ResourceKind, type Subject } from './audit/subjects.js';
export { nextVersion } from './audit/resource-versions.js';
export { encodeWorld, decodeWorld } from './snapshot/world-codec.js';
export { viewOfVersions, SELF_CONTAINED_KINDS, type SelfContainedKind, type Versioned } from './audit/version-view.js';
