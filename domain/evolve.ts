import type { RecordedEvent } from './events.js';
import {
  flavorCreated,
  flavorDeleted,
  flavorProfileAssociated,
  flavorProfileDisassociated,
  flavorUpdated,
  serviceProfileCreated,
  serviceProfileDeleted,
  serviceProfileUpdated,
} from './flavor/evolve.js';
import { floatingIpCreated, floatingIpDeleted, floatingIpUpdated } from './floating-ip/evolve.js';
import { hostRegistered, hostRemoved, hostUpdated } from './host/evolve.js';
import { networkCreated, networkDeleted, networkUpdated, reserveSegmentationId } from './network/evolve.js';
import { portCreated, portDeleted, portUpdated } from './port/evolve.js';
import { portStatusChanged } from './port-status/evolve.js';
import { routerCreated, routerDeleted, routerInterfaceChanged, routerUpdated } from './router/evolve.js';
import {
  securityGroupCreated,
  securityGroupDeleted,
  securityGroupRuleCreated,
  securityGroupRuleDeleted,
  securityGroupUpdated,
} from './security-group/evolve.js';
import { subnetCreated, subnetDeleted, subnetUpdated } from './subnet/evolve.js';
import type { World } from './world.js';
import { addressScopeCreated, addressScopeDeleted, addressScopeUpdated } from './address-scope/evolve.js';
import { subnetPoolCreated, subnetPoolDeleted, subnetPoolUpdated } from './subnet-pool/evolve.js';
import { rbacPolicyCreated, rbacPolicyDeleted, rbacPolicyUpdated } from './rbac/evolve.js';
import { quotaReset, quotaUpdated } from './quota/evolve.js';
import { countUsage } from './quota/usage.js';
import {
  addressGroupAddressesAdded,
  addressGroupAddressesRemoved,
  addressGroupCreated,
  addressGroupDeleted,
  addressGroupUpdated,
} from './address-group/evolve.js';

/**
 * Folds one recorded event into the world, in place, and returns it. Events arrive in global
 * position order; every choice (IP, MAC, segmentation id) is in the event, so nothing is decided here.
 */
export const evolve = (world: World, event: RecordedEvent): World => {
  countUsage(world, event);
  switch (event.type) {
    case 'NetworkCreated': networkCreated(world, event); break;
    case 'NetworkUpdated': networkUpdated(world, event); break;
    case 'NetworkDeleted': networkDeleted(world, event); break;
    case 'SubnetCreated': subnetCreated(world, event); break;
    case 'SubnetUpdated': subnetUpdated(world, event); break;
    case 'SubnetDeleted': subnetDeleted(world, event); break;
    case 'PortCreated': portCreated(world, event); break;
    case 'PortUpdated': portUpdated(world, event); break;
    case 'PortDeleted': portDeleted(world, event); break;
    case 'PortStatusChanged': portStatusChanged(world, event); break;
    case 'SecurityGroupCreated': securityGroupCreated(world, event); break;
    case 'SecurityGroupUpdated': securityGroupUpdated(world, event); break;
    case 'SecurityGroupDeleted': securityGroupDeleted(world, event); break;
    case 'SecurityGroupRuleCreated': securityGroupRuleCreated(world, event); break;
    case 'SecurityGroupRuleDeleted': securityGroupRuleDeleted(world, event); break;
    case 'RouterCreated': routerCreated(world, event); break;
    case 'RouterUpdated': routerUpdated(world, event); break;
    case 'RouterDeleted': routerDeleted(world, event); break;
    case 'FloatingIpCreated': floatingIpCreated(world, event); break;
    case 'FloatingIpUpdated': floatingIpUpdated(world, event); break;
    case 'FloatingIpDeleted': floatingIpDeleted(world, event); break;
    // They move their streams only: the mapped port's network's, a key's.
    case 'FloatingIpMappedOntoPort':
    case 'IdempotencyKeyUsed': break;
    case 'RouterInterfaceAdded':
    case 'RouterInterfaceRemoved': routerInterfaceChanged(world, event); break;
    case 'FlavorCreated': flavorCreated(world, event); break;
    case 'FlavorUpdated': flavorUpdated(world, event); break;
    case 'FlavorDeleted': flavorDeleted(world, event); break;
    case 'ServiceProfileCreated': serviceProfileCreated(world, event); break;
    case 'ServiceProfileUpdated': serviceProfileUpdated(world, event); break;
    case 'ServiceProfileDeleted': serviceProfileDeleted(world, event); break;
    case 'FlavorProfileAssociated': flavorProfileAssociated(world, event); break;
    case 'FlavorProfileDisassociated': flavorProfileDisassociated(world, event); break;
    case 'HostRegistered': hostRegistered(world, event); break;
    case 'HostUpdated': hostUpdated(world, event); break;
    case 'HostRemoved': hostRemoved(world, event); break;
    case 'SegmentationIdReserved': reserveSegmentationId(world, event.data.segmentation_id, event.data.network_id); break;
    case 'AddressScopeCreated': addressScopeCreated(world, event); break;
    case 'AddressScopeUpdated': addressScopeUpdated(world, event); break;
    case 'AddressScopeDeleted': addressScopeDeleted(world, event); break;
    case 'SubnetPoolCreated': subnetPoolCreated(world, event); break;
    case 'SubnetPoolUpdated': subnetPoolUpdated(world, event); break;
    case 'SubnetPoolDeleted': subnetPoolDeleted(world, event); break;
    // The subnet's own event indexes the block under its pool; this one moves the pool's stream.
    case 'SubnetPoolPrefixAllocated': break;
    case 'RbacPolicyCreated': rbacPolicyCreated(world, event); break;
    case 'RbacPolicyUpdated': rbacPolicyUpdated(world, event); break;
    case 'RbacPolicyDeleted': rbacPolicyDeleted(world, event); break;
    case 'QuotaUpdated': quotaUpdated(world, event); break;
    case 'QuotaReset': quotaReset(world, event); break;
    case 'AddressGroupCreated': addressGroupCreated(world, event); break;
    case 'AddressGroupUpdated': addressGroupUpdated(world, event); break;
    case 'AddressGroupAddressesAdded': addressGroupAddressesAdded(world, event); break;
    case 'AddressGroupAddressesRemoved': addressGroupAddressesRemoved(world, event); break;
    case 'AddressGroupDeleted': addressGroupDeleted(world, event); break;
  }
  world.streamRevisions.set(event.stream, event.revision);
  world.position = event.position;
  return world;
};
