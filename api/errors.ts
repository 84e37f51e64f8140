import type { FastifyReply } from 'fastify';
import type { DomainErrorType } from '../domain/index.js';
import type { CommandError } from '../engine/index.js';

/** Neutron's status for each of its error types. */
const STATUS: Record<DomainErrorType, number> = {
  BadRequest: 400,
  InvalidInput: 400,
  InvalidIpForSubnet: 400,
  InvalidIpForNetwork: 400,
  InvalidRoutes: 400,
  BadRouterInterface: 400,
  SecurityGroupRuleInvalidProtocol: 400,
  SecurityGroupProtocolRequiredWithPorts: 400,
  SecurityGroupInvalidPortValue: 400,
  SecurityGroupInvalidIcmpValue: 400,
  SecurityGroupMissingIcmpType: 400,
  SecurityGroupRuleParameterConflict: 400,
  SecurityGroupEthertypeConflictWithProtocol: 400,
  OutOfBoundsAllocationPool: 400,
  InvalidAllocationPool: 400,
  GatewayConflictWithAllocationPools: 409,
  OverlappingAllocationPools: 409,
  SecurityGroupInvalidPortRange: 400,
  NetworkNotFound: 404,
  SubnetNotFound: 404,
  PortNotFound: 404,
  SecurityGroupNotFound: 404,
  SecurityGroupRuleNotFound: 404,
  RouterNotFound: 404,
  HostNotFound: 404,
  RouterInterfaceNotFound: 404,
  RouterInterfaceNotFoundForSubnet: 404,
  NetworkInUse: 409,
  ExternalNetworkInUse: 409,
  SubnetInUse: 409,
  PortInUse: 409,
  L3PortInUse: 409,
  PortBound: 409,
  SecurityGroupInUse: 409,
  RouterInUse: 409,
  HostInUse: 409,
  IpAddressGenerationFailure: 409,
  IpAddressAlreadyAllocated: 409,
  MacAddressInUse: 409,
  SecurityGroupRuleExists: 409,
  SecurityGroupCannotRemoveDefault: 409,
  SecurityGroupCannotUpdateDefault: 409,
  SecurityGroupDefaultAlreadyExists: 409,
  PortSecurityAndIPRequiredForSecurityGroups: 409,
  BridgeDomainExhausted: 503,
  HostAlreadyRegistered: 409,
  Conflict: 409,
  RouterInterfaceInUseByRoute: 409,
  RevisionNumberConstraintFailed: 412,
  HTTPBadRequest: 400,
  AddressPairAndPortSecurityRequired: 409,
  DuplicateAddressPairInRequest: 400,
  ServicePortInUse: 409,
  FloatingIPNotFound: 404,
  ExternalGatewayForFloatingIPNotFound: 404,
  FloatingIPPortAlreadyAssociated: 409,
  RouterInterfaceInUseByFloatingIP: 409,
  RouterExternalGatewayInUseByFloatingIp: 409,
  FlavorNotFound: 404,
  ServiceProfileNotFound: 404,
  FlavorServiceProfileBindingExists: 409,
  FlavorServiceProfileBindingNotFound: 404,
  ServiceProfileInUse: 409,
  InvalidServiceType: 400,
  ServiceProfileEmpty: 400,
  ServiceProfileDriverNotFound: 404,
  SecurityGroupMultipleRemoteEntites: 400,
  OverQuota: 409,
  TenantQuotaNotFound: 404,
  AddressScopeNotFound: 404,
  AddressScopeInUse: 409,
  AddressScopeUpdateError: 400,
  AddressScopePrefixConflict: 409,
  IllegalSubnetPoolIpVersionAssociationToAddressScope: 400,
  SubnetPoolNotFound: 404,
  SubnetPoolDeleteError: 400,
  IllegalSubnetPoolPrefixBounds: 400,
  IllegalSubnetPoolPrefixUpdate: 400,
  PrefixVersionMismatch: 400,
  EmptySubnetPoolPrefixList: 400,
  SubnetPoolQuotaExceeded: 409,
  MaxPrefixSubnetAllocationError: 400,
  MinPrefixSubnetAllocationError: 400,
  SubnetAllocationError: 409,
  NetworkSubnetPoolAffinityError: 400,
  RbacPolicyNotFound: 404,
  RbacPolicyInUse: 409,
  DuplicateRbacPolicy: 409,
  InvalidActionForType: 400,
  InvalidSharedSetting: 409,
  AddressGroupNotFound: 404,
  AddressGroupInUse: 409,
  AddressesAlreadyExist: 400,
  AddressesNotFound: 404,
};

export interface NeutronErrorBody {
  NeutronError: { type: string; message: string; detail: string };
}

export const neutronError = (type: string, message: string): NeutronErrorBody => ({
  NeutronError: { type, message, detail: '' },
});

export const sendError = (reply: FastifyReply, status: number, type: string, message: string): FastifyReply =>
  reply.code(status).send(neutronError(type, message));

/** Store trouble and full lanes are the caller's cue to retry, not failures of the request. */
export const sendCommandError = (reply: FastifyReply, error: CommandError): FastifyReply => {
  if ('_tag' in error) {
    if (error._tag === 'LaneFull') {
      reply.header('Retry-After', '1');
      return sendError(reply, 429, 'TooManyRequests', 'Too many requests queued for this resource; retry later.');
    }
    reply.header('Retry-After', '1');
    if (error._tag === 'Overloaded') return sendError(reply, 503, 'ServiceUnavailable', 'Too many requests in flight on this node; retry later.');
    if (error._tag === 'KeyTaken') return sendError(reply, 409, 'Conflict', 'Another request took this Idempotency-Key at the same moment; retry to get its answer.');
    if (error._tag === 'StoreUnavailable' && error.outcomeUnknown)
      return sendError(
        reply,
        503,
        'ServiceUnavailable',
        `The outcome of this write is unknown (${error.reason}): it may be in the log. Read before retrying, or retry with an Idempotency-Key, which the log answers.`,
      );
    return sendError(reply, 503, 'ServiceUnavailable', `The event store cannot take writes now: ${error.reason}`);
  }
  return sendError(reply, STATUS[error.type], error.type, error.message);
};

export const notFound = (reply: FastifyReply, type: string, message: string): FastifyReply => sendError(reply, 404, type, message);
