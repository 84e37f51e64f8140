import type { Command } from './commands.js';
import type { Decision } from './common/decision.js';
import { decideCreateFloatingIp, decideDeleteFloatingIp, decideUpdateFloatingIp } from './floating-ip/decide.js';
import { decideRegisterHost, decideRemoveHost, decideUpdateHost } from './host/decide.js';
import { decideCreateNetwork, decideDeleteNetwork, decideUpdateNetwork } from './network/decide.js';
import { decideCreatePorts, decideDeletePort, decideUpdatePort } from './port/decide.js';
import { decideRecordPortStatus } from './port-status/decide.js';
import {
  decideAddRouterInterface,
  decideCreateRouter,
  decideDeleteRouter,
  decideRemoveRouterInterface,
  decideUpdateRouter,
} from './router/decide.js';
import {
  decideCreateSecurityGroup,
  decideCreateSecurityGroupRule,
  decideDeleteSecurityGroup,
  decideDeleteSecurityGroupRule,
  decideEnsureDefaultSecurityGroup,
  decideUpdateSecurityGroup,
} from './security-group/decide.js';
import { decideCreateSubnet, decideDeleteSubnet, decideUpdateSubnet } from './subnet/decide.js';
import type { World } from './world.js';
import { decideCreateAddressScope, decideDeleteAddressScope, decideUpdateAddressScope } from './address-scope/decide.js';
import { decideCreateSubnetPool, decideDeleteSubnetPool, decideUpdateSubnetPool } from './subnet-pool/decide.js';
import { decideCreateRbacPolicy, decideDeleteRbacPolicy, decideUpdateRbacPolicy } from './rbac/decide.js';
import { decideResetQuota, decideUpdateQuota } from './quota/decide.js';
import {
  decideAddAddressGroupAddresses,
  decideCreateAddressGroup,
  decideDeleteAddressGroup,
  decideRemoveAddressGroupAddresses,
  decideUpdateAddressGroup,
} from './address-group/decide.js';

/** Decides a command against the world: the events to append, or why not. Pure. */
export const decide = (command: Command, world: World): Decision => {
  switch (command.type) {
    case 'CreateNetwork': return decideCreateNetwork(command, world);
    case 'UpdateNetwork': return decideUpdateNetwork(command, world);
    case 'DeleteNetwork': return decideDeleteNetwork(command, world);
    case 'CreateSubnet': return decideCreateSubnet(command, world);
    case 'UpdateSubnet': return decideUpdateSubnet(command, world);
    case 'DeleteSubnet': return decideDeleteSubnet(command, world);
    case 'CreatePorts': return decideCreatePorts(command, world);
    case 'UpdatePort': return decideUpdatePort(command, world);
    case 'DeletePort': return decideDeletePort(command, world);
    case 'RecordPortStatus': return decideRecordPortStatus(command, world);
    case 'CreateSecurityGroup': return decideCreateSecurityGroup(command, world);
    case 'EnsureDefaultSecurityGroup': return decideEnsureDefaultSecurityGroup(command, world);
    case 'UpdateSecurityGroup': return decideUpdateSecurityGroup(command, world);
    case 'DeleteSecurityGroup': return decideDeleteSecurityGroup(command, world);
    case 'CreateSecurityGroupRule': return decideCreateSecurityGroupRule(command, world);
    case 'DeleteSecurityGroupRule': return decideDeleteSecurityGroupRule(command, world);
    case 'CreateRouter': return decideCreateRouter(command, world);
    case 'UpdateRouter': return decideUpdateRouter(command, world);
    case 'DeleteRouter': return decideDeleteRouter(command, world);
    case 'AddRouterInterface': return decideAddRouterInterface(command, world);
    case 'RemoveRouterInterface': return decideRemoveRouterInterface(command, world);
    case 'CreateFloatingIp': return decideCreateFloatingIp(command, world);
    case 'UpdateFloatingIp': return decideUpdateFloatingIp(command, world);
    case 'DeleteFloatingIp': return decideDeleteFloatingIp(command, world);
    case 'RegisterHost': return decideRegisterHost(command, world);
    case 'UpdateHost': return decideUpdateHost(command, world);
    case 'RemoveHost': return decideRemoveHost(command, world);
    case 'CreateAddressScope': return decideCreateAddressScope(command, world);
    case 'UpdateAddressScope': return decideUpdateAddressScope(command, world);
    case 'DeleteAddressScope': return decideDeleteAddressScope(command, world);
    case 'CreateSubnetPool': return decideCreateSubnetPool(command, world);
    case 'UpdateSubnetPool': return decideUpdateSubnetPool(command, world);
    case 'DeleteSubnetPool': return decideDeleteSubnetPool(command, world);
    case 'CreateRbacPolicy': return decideCreateRbacPolicy(command, world);
    case 'UpdateRbacPolicy': return decideUpdateRbacPolicy(command, world);
    case 'DeleteRbacPolicy': return decideDeleteRbacPolicy(command, world);
    case 'UpdateQuota': return decideUpdateQuota(command, world);
    case 'ResetQuota': return decideResetQuota(command, world);
    case 'CreateAddressGroup': return decideCreateAddressGroup(command, world);
    case 'UpdateAddressGroup': return decideUpdateAddressGroup(command, world);
    case 'AddAddressGroupAddresses': return decideAddAddressGroupAddresses(command, world);
    case 'RemoveAddressGroupAddresses': return decideRemoveAddressGroupAddresses(command, world);
    case 'DeleteAddressGroup': return decideDeleteAddressGroup(command, world);
  }
};
