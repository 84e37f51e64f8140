import type { Command, OneCommand } from './commands.js';
import { bulkOf } from './bulk/decide.js';
import type { EventMetadata } from './log/event-store.js';
import type { Decider, Decision, DecisionStreams } from './common/decision.js';
import {
  associateFlavorProfile,
  createFlavor,
  createServiceProfile,
  deleteFlavor,
  deleteServiceProfile,
  disassociateFlavorProfile,
  updateFlavor,
  updateServiceProfile,
} from './flavor/decide.js';
import { createFloatingIp, deleteFloatingIp, updateFloatingIp } from './floating-ip/decide.js';
import { registerHost, removeHost, updateHost } from './host/decide.js';
import { createNetworks, deleteNetwork, updateNetwork } from './network/decide.js';
import { createPorts, deletePort, updatePort } from './port/decide.js';
import { recordPortStatus } from './port-status/decide.js';
import { addRouterInterface, createRouter, deleteRouter, removeRouterInterface, updateRouter } from './router/decide.js';
import {
  createSecurityGroup,
  createSecurityGroupRule,
  deleteSecurityGroup,
  deleteSecurityGroupRule,
  ensureDefaultSecurityGroup,
  updateSecurityGroup,
} from './security-group/decide.js';
import { createSubnets, deleteSubnet, updateSubnet } from './subnet/decide.js';
import type { World } from './world.js';
import { createAddressScope, deleteAddressScope, updateAddressScope } from './address-scope/decide.js';
import { createSubnetPool, deleteSubnetPool, updateSubnetPool } from './subnet-pool/decide.js';
import { createRbacPolicy, deleteRbacPolicy, updateRbacPolicy } from './rbac/decide.js';
import { resetQuota, updateQuota } from './quota/decide.js';
import { addAddressGroupAddresses, createAddressGroup, deleteAddressGroup, removeAddressGroupAddresses, updateAddressGroup } from './address-group/decide.js';

/** Every command's decider, by command type: the one place that maps a command to its decision and its streams. */
const deciders: { readonly [T in Command['type']]: Decider<Extract<Command, { type: T }>> } = {
  CreateNetworks: createNetworks,
  UpdateNetwork: updateNetwork,
  DeleteNetwork: deleteNetwork,
  CreateSubnets: createSubnets,
  UpdateSubnet: updateSubnet,
  DeleteSubnet: deleteSubnet,
  CreatePorts: createPorts,
  UpdatePort: updatePort,
  DeletePort: deletePort,
  RecordPortStatus: recordPortStatus,
  CreateSecurityGroup: createSecurityGroup,
  EnsureDefaultSecurityGroup: ensureDefaultSecurityGroup,
  UpdateSecurityGroup: updateSecurityGroup,
  DeleteSecurityGroup: deleteSecurityGroup,
  CreateSecurityGroupRule: createSecurityGroupRule,
  DeleteSecurityGroupRule: deleteSecurityGroupRule,
  CreateRouter: createRouter,
  UpdateRouter: updateRouter,
  DeleteRouter: deleteRouter,
  AddRouterInterface: addRouterInterface,
  RemoveRouterInterface: removeRouterInterface,
  CreateFloatingIp: createFloatingIp,
  UpdateFloatingIp: updateFloatingIp,
  DeleteFloatingIp: deleteFloatingIp,
  CreateFlavor: createFlavor,
  UpdateFlavor: updateFlavor,
  DeleteFlavor: deleteFlavor,
  CreateServiceProfile: createServiceProfile,
  UpdateServiceProfile: updateServiceProfile,
  DeleteServiceProfile: deleteServiceProfile,
  AssociateFlavorProfile: associateFlavorProfile,
  DisassociateFlavorProfile: disassociateFlavorProfile,
  RegisterHost: registerHost,
  UpdateHost: updateHost,
  RemoveHost: removeHost,
  CreateAddressScope: createAddressScope,
  UpdateAddressScope: updateAddressScope,
  DeleteAddressScope: deleteAddressScope,
  CreateSubnetPool: createSubnetPool,
  UpdateSubnetPool: updateSubnetPool,
  DeleteSubnetPool: deleteSubnetPool,
  CreateRbacPolicy: createRbacPolicy,
  UpdateRbacPolicy: updateRbacPolicy,
  DeleteRbacPolicy: deleteRbacPolicy,
  UpdateQuota: updateQuota,
  ResetQuota: resetQuota,
  CreateAddressGroup: createAddressGroup,
  UpdateAddressGroup: updateAddressGroup,
  AddAddressGroupAddresses: addAddressGroupAddresses,
  RemoveAddressGroupAddresses: removeAddressGroupAddresses,
  DeleteAddressGroup: deleteAddressGroup,
  // Its members are decided by their own deciders, here, when it is decided.
  Bulk: bulkOf((member: OneCommand) => deciderOf(member)),
};

const deciderOf = (command: Command): Decider<Command> => deciders[command.type] as Decider<Command>;

/** Decides a command against the world, its events to carry `metadata`: the one append to make, or why not. Pure. */
export const decide = (command: Command, world: World, metadata: EventMetadata): Decision => deciderOf(command).decide(command, world, metadata);

/** The streams a command's decision may append to and read, as its decider declares them. Pure. */
export const streamsOf = (command: Command, world: World): DecisionStreams => deciderOf(command).streams(command, world);
