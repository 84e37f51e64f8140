import type { RecordedEvent } from './events.js';
import { floatingIpCreated, floatingIpDeleted, floatingIpUpdated } from './floating-ip/evolve.js';
import { hostRegistered, hostRemoved, hostUpdated } from './host/evolve.js';
import { networkCreated, networkDeleted, networkUpdated, reserveSegmentationId } from './network/evolve.js';
import { portCreated, portDeleted, portUpdated } from './port/evolve.js';
import { routerCreated, routerDeleted, routerUpdated } from './router/evolve.js';
import {
  securityGroupCreated,
  securityGroupDeleted,
  securityGroupRuleCreated,
  securityGroupRuleDeleted,
  securityGroupUpdated,
} from './security-group/evolve.js';
import { subnetCreated, subnetDeleted, subnetUpdated } from './subnet/evolve.js';
import type { World } from './world.js';

/**
 * Folds one recorded event into the world, in place, and returns it. Events arrive in global
 * position order; every choice (IP, MAC, segmentation id) is in the event, so nothing is decided here.
 */
export const evolve = (world: World, event: RecordedEvent): World => {
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
    case 'HostRegistered': hostRegistered(world, event); break;
    case 'HostUpdated': hostUpdated(world, event); break;
    case 'HostRemoved': hostRemoved(world, event); break;
    case 'SegmentationIdReserved': reserveSegmentationId(world, event.data.segmentation_id, event.data.network_id); break;
  }
  world.streamRevisions.set(event.stream, event.revision);
  world.position = event.position;
  return world;
};
