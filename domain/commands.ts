import * as t from 'io-ts';
import { CreateFloatingIp, DeleteFloatingIp, UpdateFloatingIp } from './floating-ip/commands.js';
import { RegisterHost, RemoveHost, UpdateHost } from './host/commands.js';
import { CreateNetwork, DeleteNetwork, UpdateNetwork } from './network/commands.js';
import { CreatePorts, DeletePort, UpdatePort } from './port/commands.js';
import { AddRouterInterface, CreateRouter, DeleteRouter, RemoveRouterInterface, UpdateRouter } from './router/commands.js';
import {
  CreateSecurityGroup,
  CreateSecurityGroupRule,
  DeleteSecurityGroup,
  DeleteSecurityGroupRule,
  EnsureDefaultSecurityGroup,
  UpdateSecurityGroup,
} from './security-group/commands.js';
import { CreateSubnet, DeleteSubnet, UpdateSubnet } from './subnet/commands.js';

/** Every command the domain decides. */
export const Command = t.union([
  CreateNetwork,
  UpdateNetwork,
  DeleteNetwork,
  CreateSubnet,
  UpdateSubnet,
  DeleteSubnet,
  CreatePorts,
  UpdatePort,
  DeletePort,
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
  RegisterHost,
  UpdateHost,
  RemoveHost,
]);
export type Command = t.TypeOf<typeof Command>;
export type CommandType = Command['type'];
