import { created, touched, type RecordedEvent } from '../../domain/index.js';
import type { ResourceKind } from './subjects.js';

type Record = { [key: string]: unknown; revision_number: number; created_at: string; updated_at: string };

/**
 * A resource's record after one more of its own events (null once deleted): the history of one
 * resource is folded from its events alone, so its cost follows that resource's history, not the log's.
 * Records are the domain's (as stored), with the standard attributes Neutron shows.
 */
export const nextVersion = (kind: ResourceKind, id: string, before: Record | null, event: RecordedEvent): Record | null => {
  const at = event.metadata.decidedAt;
  const update = (changes: object) => (before ? touched({ ...before, ...changes }, at) : before);
  switch (event.type) {
    case 'NetworkCreated': return { ...event.data.network, ...created(at), subnets: [] };
    case 'SubnetCreated':
      if (kind === 'network') return before && { ...before, subnets: [...(before.subnets as string[]), event.data.subnet.id] };
      return { ...event.data.subnet, subnetpool_id: event.data.subnetpool_id ?? null, ...created(at) };
    case 'SubnetDeleted':
      if (kind === 'network') return before && { ...before, subnets: (before.subnets as string[]).filter((s) => s !== event.data.id) };
      return null;
    case 'PortCreated':
      if (kind === 'router') return before;
      return { ...event.data.port, ...created(at) };
    case 'PortUpdated':
    case 'PortDeleted':
      if (kind === 'router') return before;
      return event.type === 'PortDeleted' ? null : update(event.data.changes);
    case 'SecurityGroupCreated': {
      const stamp = created(at);
      const rules = event.data.rules.map((rule) => ({ ...rule, ...stamp }));
      if (kind === 'security_group_rule') return rules.find((rule) => rule.id === id) ?? before;
      return { ...event.data.group, ...stamp, security_group_rules: rules };
    }
    case 'SecurityGroupRuleCreated':
      if (kind === 'security_group_rule') return { ...event.data.rule, ...created(at) };
      return update({ security_group_rules: [...((before?.security_group_rules as object[]) ?? []), { ...event.data.rule, ...created(at) }] });
    case 'SecurityGroupRuleDeleted':
      if (kind === 'security_group_rule') return null;
      return update({ security_group_rules: ((before?.security_group_rules as { id: string }[]) ?? []).filter((r) => r.id !== event.data.id) });
    case 'SecurityGroupDeleted':
    case 'NetworkDeleted':
    case 'RouterDeleted':
    case 'HostRemoved':
      return null;
    case 'RouterCreated': return { ...event.data.router, ...created(at) };
    case 'HostRegistered': return { ...event.data.host, ...created(at) };
    case 'FloatingIpCreated': return { ...event.data.floating_ip, ...created(at) };
    case 'FloatingIpDeleted': return null;
    // Flavors and profiles carry no standard attributes in Neutron: their records are as stored.
    case 'FlavorCreated': return { ...event.data.flavor, service_profiles: [] } as unknown as Record;
    case 'ServiceProfileCreated': return { ...event.data.profile } as unknown as Record;
    case 'FlavorUpdated':
    case 'ServiceProfileUpdated':
      return before && { ...before, ...event.data.changes };
    case 'FlavorProfileAssociated': return before && { ...before, service_profiles: [...(before.service_profiles as string[]), event.data.profile_id] };
    case 'FlavorProfileDisassociated': return before && { ...before, service_profiles: (before.service_profiles as string[]).filter((p) => p !== event.data.profile_id) };
    case 'FlavorDeleted':
    case 'ServiceProfileDeleted':
      return null;
    case 'NetworkUpdated':
    case 'SubnetUpdated':
    case 'SecurityGroupUpdated':
    case 'RouterUpdated':
    case 'HostUpdated':
    case 'FloatingIpUpdated':
      return update(event.data.changes);
    case 'PortStatusChanged':
      return update({ status: event.data.status });
    case 'RouterInterfaceAdded':
    case 'RouterInterfaceRemoved':
      return kind === 'router' ? update({}) : before;
    case 'SegmentationIdReserved':
    case 'SubnetPoolPrefixAllocated':
    case 'FloatingIpMappedOntoPort':
    case 'IdempotencyKeyUsed':
      return before;
    case 'AddressScopeCreated': return { ...event.data.scope, ...created(at) };
    case 'SubnetPoolCreated': return { ...event.data.pool, ...created(at) };
    case 'RbacPolicyCreated': return { ...event.data.policy, ...created(at) };
    case 'AddressGroupCreated': return { ...event.data.group, ...created(at) };
    case 'AddressScopeUpdated':
    case 'SubnetPoolUpdated':
    case 'RbacPolicyUpdated':
    case 'AddressGroupUpdated':
      return update(event.data.changes);
    case 'AddressGroupAddressesAdded':
      return update({ addresses: [...((before?.addresses as string[]) ?? []), ...event.data.addresses].sort() });
    case 'AddressGroupAddressesRemoved':
      return update({ addresses: ((before?.addresses as string[]) ?? []).filter((a) => !event.data.addresses.includes(a)) });
    case 'AddressScopeDeleted':
    case 'SubnetPoolDeleted':
    case 'RbacPolicyDeleted':
    case 'AddressGroupDeleted':
    case 'QuotaReset':
      return null;
    case 'QuotaUpdated':
      return before ? touched({ ...before, ...event.data.limits }, at) : { project_id: event.data.project_id, ...event.data.limits, ...created(at) };
  }
};
