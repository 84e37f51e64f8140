import * as t from 'io-ts';
import {
  AssociateFlavorProfile,
  CreateFlavor,
  CreateServiceProfile,
  DeleteFlavor,
  DeleteServiceProfile,
  DisassociateFlavorProfile,
  UpdateFlavor,
  UpdateServiceProfile,
} from './flavor/commands.js';
import { CreateFloatingIp, DeleteFloatingIp, UpdateFloatingIp } from './floating-ip/commands.js';
import { RegisterHost, RemoveHost, UpdateHost } from './host/commands.js';
import { CreateNetworks, DeleteNetwork, UpdateNetwork } from './network/commands.js';
import { CreatePorts, DeletePort, UpdatePort } from './port/commands.js';
import { RecordPortStatus } from './port-status/commands.js';
import { AddRouterInterface, CreateRouter, DeleteRouter, RemoveRouterInterface, UpdateRouter } from './router/commands.js';
import {
  CreateSecurityGroup,
  CreateSecurityGroupRule,
  DeleteSecurityGroup,
  DeleteSecurityGroupRule,
  EnsureDefaultSecurityGroup,
  UpdateSecurityGroup,
} from './security-group/commands.js';
import { CreateSubnets, DeleteSubnet, UpdateSubnet } from './subnet/commands.js';
import { CreateAddressScope, DeleteAddressScope, UpdateAddressScope } from './address-scope/commands.js';
import { CreateSubnetPool, DeleteSubnetPool, UpdateSubnetPool } from './subnet-pool/commands.js';
import { CreateRbacPolicy, DeleteRbacPolicy, UpdateRbacPolicy } from './rbac/commands.js';
import { ResetQuota, UpdateQuota } from './quota/commands.js';
import {
  AddAddressGroupAddresses,
  CreateAddressGroup,
  DeleteAddressGroup,
  RemoveAddressGroupAddresses,
  UpdateAddressGroup,
} from './address-group/commands.js';

/** Every command the domain decides on its own. */
export const OneCommand = t.union([
  CreateNetworks,
  UpdateNetwork,
  DeleteNetwork,
  CreateSubnets,
  UpdateSubnet,
  DeleteSubnet,
  CreatePorts,
  UpdatePort,
  DeletePort,
  RecordPortStatus,
  CreateSecurityGroup,
  EnsureDefaultSecurityGroup,
  UpdateSecurityGroup,
  DeleteSecurityGroup,
  CreateSecurityGroupRule,
  DeleteSecurityGroupRule,
  CreateRouter,
  UpdateRouter,
  DeleteRouter,
  AddRouterInterface,
  RemoveRouterInterface,
  CreateFloatingIp,
  UpdateFloatingIp,
  DeleteFloatingIp,
  CreateFlavor,
  UpdateFlavor,
  DeleteFlavor,
  CreateServiceProfile,
  UpdateServiceProfile,
  DeleteServiceProfile,
  AssociateFlavorProfile,
  DisassociateFlavorProfile,
  RegisterHost,
  UpdateHost,
  RemoveHost,
  CreateAddressScope,
  UpdateAddressScope,
  DeleteAddressScope,
  CreateSubnetPool,
  UpdateSubnetPool,
  DeleteSubnetPool,
  CreateRbacPolicy,
  UpdateRbacPolicy,
  DeleteRbacPolicy,
  UpdateQuota,
  ResetQuota,
  CreateAddressGroup,
  UpdateAddressGroup,
  AddAddressGroupAddresses,
  RemoveAddressGroupAddresses,
  DeleteAddressGroup,
]);
export type OneCommand = t.TypeOf<typeof OneCommand>;

/**
 * Commands decided in turn as one (a bulk create): each against the world plus what the ones
 * before it decided, all of them in one append, or none when one is refused.
 */
export const Bulk = t.type({ type: t.literal('Bulk'), commands: t.array(OneCommand) });
export type Bulk = t.TypeOf<typeof Bulk>;

/** Every command the domain decides. */
export const Command = t.union([OneCommand, Bulk]);
export type Command = t.TypeOf<typeof Command>;
