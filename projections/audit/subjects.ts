import type { RecordedEvent } from '../../domain/index.js';
import { ROUTER_INTERFACE_OWNER } from '../../domain/index.js';

export const RESOURCE_KINDS = [
  'network', 'subnet', 'port', 'security_group', 'security_group_rule', 'router', 'floating_ip', 'host',
  'address_scope', 'subnetpool', 'rbac_policy', 'address_group', 'quota', 'flavor', 'service_profile',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

interface Subject {
  readonly kind: ResourceKind;
  readonly id: string;
}

/**
 * The resources an event changed. A subnet's birth and death change its network's subnet list,
 * a rule changes its group, and an interface port changes its router: those count as well.
 * `interfaceRouter` answers which router a port served, for ports already gone from the world.
 */
export const subjectsOf = (event: RecordedEvent, interfaceRouter: (portId: string) => string | undefined): Subject[] => {
  switch (event.type) {
    case 'NetworkCreated': return [{ kind: 'network', id: event.data.network.id }];
    case 'NetworkUpdated':
    case 'NetworkDeleted': return [{ kind: 'network', id: event.data.id }];
    case 'SegmentationIdReserved': return [{ kind: 'network', id: event.data.network_id }];
    case 'SubnetCreated': return [{ kind: 'subnet', id: event.data.subnet.id }, { kind: 'network', id: event.data.subnet.network_id }];
    case 'SubnetUpdated': return [{ kind: 'subnet', id: event.data.id }];
    case 'SubnetDeleted': return [{ kind: 'subnet', id: event.data.id }, { kind: 'network', id: event.data.network_id }];
    case 'PortCreated': {
      const { port } = event.data;
      return port.device_owner === ROUTER_INTERFACE_OWNER && port.device_id
        ? [{ kind: 'port', id: port.id }, { kind: 'router', id: port.device_id }]
        : [{ kind: 'port', id: port.id }];
    }
    case 'PortStatusChanged': return [{ kind: 'port', id: event.data.id }];
    case 'PortUpdated':
    case 'PortDeleted': {
      const changes = event.type === 'PortUpdated' ? event.data.changes : {};
      const routers = new Set([interfaceRouter(event.data.id), changes.device_owner === ROUTER_INTERFACE_OWNER ? changes.device_id : undefined]);
      return [{ kind: 'port', id: event.data.id }, ...[...routers].filter((r): r is string => !!r).map((id) => ({ kind: 'router' as const, id }))];
    }
    case 'SecurityGroupCreated':
      return [
        { kind: 'security_group', id: event.data.group.id },
        ...event.data.rules.map((rule) => ({ kind: 'security_group_rule' as const, id: rule.id })),
      ];
    case 'SecurityGroupUpdated':
    case 'SecurityGroupDeleted': return [{ kind: 'security_group', id: event.data.id }];
    case 'SecurityGroupRuleCreated':
      return [{ kind: 'security_group_rule', id: event.data.rule.id }, { kind: 'security_group', id: event.data.rule.security_group_id }];
    case 'SecurityGroupRuleDeleted':
      return [{ kind: 'security_group_rule', id: event.data.id }, { kind: 'security_group', id: event.data.security_group_id }];
    case 'RouterCreated': return [{ kind: 'router', id: event.data.router.id }];
    case 'RouterUpdated':
    case 'RouterDeleted': return [{ kind: 'router', id: event.data.id }];
    case 'FloatingIpCreated': return [{ kind: 'floating_ip', id: event.data.floating_ip.id }];
    case 'FloatingIpUpdated':
    case 'FloatingIpDeleted': return [{ kind: 'floating_ip', id: event.data.id }];
    case 'FloatingIpMappedOntoPort': return [{ kind: 'port', id: event.data.port_id }];
    case 'IdempotencyKeyUsed': return [];
    case 'RouterInterfaceAdded':
    case 'RouterInterfaceRemoved': return [{ kind: 'router', id: event.data.router_id }, { kind: 'port', id: event.data.port_id }];
    case 'FlavorCreated': return [{ kind: 'flavor', id: event.data.flavor.id }];
    case 'FlavorUpdated':
    case 'FlavorDeleted': return [{ kind: 'flavor', id: event.data.id }];
    case 'ServiceProfileCreated': return [{ kind: 'service_profile', id: event.data.profile.id }];
    case 'ServiceProfileUpdated':
    case 'ServiceProfileDeleted': return [{ kind: 'service_profile', id: event.data.id }];
    case 'FlavorProfileAssociated':
    case 'FlavorProfileDisassociated':
      return [{ kind: 'flavor', id: event.data.flavor_id }];
    case 'HostRegistered': return [{ kind: 'host', id: event.data.host.id }];
    case 'HostUpdated':
    case 'HostRemoved': return [{ kind: 'host', id: event.data.id }];
    case 'AddressScopeCreated': return [{ kind: 'address_scope', id: event.data.scope.id }];
    case 'AddressScopeUpdated':
    case 'AddressScopeDeleted': return [{ kind: 'address_scope', id: event.data.id }];
    case 'SubnetPoolCreated': return [{ kind: 'subnetpool', id: event.data.pool.id }];
    case 'SubnetPoolUpdated':
    case 'SubnetPoolDeleted': return [{ kind: 'subnetpool', id: event.data.id }];
    case 'SubnetPoolPrefixAllocated': return [{ kind: 'subnetpool', id: event.data.subnetpool_id }];
    case 'RbacPolicyCreated': return [{ kind: 'rbac_policy', id: event.data.policy.id }];
    case 'RbacPolicyUpdated':
    case 'RbacPolicyDeleted': return [{ kind: 'rbac_policy', id: event.data.id }];
    // A project's quota is known by the project's id.
    case 'QuotaUpdated':
    case 'QuotaReset': return [{ kind: 'quota', id: event.data.project_id }];
    case 'AddressGroupCreated': return [{ kind: 'address_group', id: event.data.group.id }];
    case 'AddressGroupUpdated':
    case 'AddressGroupAddressesAdded':
    case 'AddressGroupAddressesRemoved':
    case 'AddressGroupDeleted': return [{ kind: 'address_group', id: event.data.id }];
  }
};

/**
 * Whether an event names a resource (of one kind, or of any kind with that id) among those it
 * changed. It does not name the router an interface port served when that port is updated or deleted.
 */
export const names = (event: RecordedEvent, kind: ResourceKind | undefined, id: string): boolean =>
  subjectsOf(event, () => undefined).some((subject) => subject.id === id && (kind === undefined || subject.kind === kind));
