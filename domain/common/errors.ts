/**
 * Domain errors carry Neutron's error type names so the API can answer with Neutron's body
 * and status; the status belongs to the API (api/errors), not here.
 */
export type DomainErrorType =
  | 'BadRequest'
  | 'InvalidInput'
  | 'NetworkNotFound'
  | 'SubnetNotFound'
  | 'PortNotFound'
  | 'SecurityGroupNotFound'
  | 'SecurityGroupRuleNotFound'
  | 'RouterNotFound'
  | 'HostNotFound'
  | 'RouterInterfaceNotFound'
  | 'RouterInterfaceNotFoundForSubnet'
  | 'NetworkInUse'
  | 'SubnetInUse'
  | 'PortInUse'
  | 'SecurityGroupInUse'
  | 'RouterInUse'
  | 'HostInUse'
  | 'IpAddressGenerationFailure'
  | 'IpAddressAlreadyAllocated'
  | 'InvalidIpForSubnet'
  | 'InvalidIpForNetwork'
  | 'MacAddressInUse'
  | 'SecurityGroupRuleExists'
  | 'SecurityGroupCannotRemoveDefault'
  | 'SecurityGroupRuleInvalidProtocol'
  | 'SecurityGroupRemoteGroupAndRemoteIpPrefix'
  | 'SecurityGroupInvalidPortRange'
  | 'BridgeDomainExhausted'
  | 'HostAlreadyRegistered'
  | 'Conflict'
  | 'InvalidRoutes'
  | 'RouterInterfaceInUseByRoute'
  | 'BadRouterInterface'
  | 'PortBoundToUnknownHost'
  | 'PortBound'
  | 'L3PortInUse'
  | 'PortSecurityAndIPRequiredForSecurityGroups'
  | 'SecurityGroupDefaultAlreadyExists'
  | 'SecurityGroupCannotUpdateDefault'
  | 'RevisionNumberConstraintFailed'
  | 'HTTPBadRequest'
  | 'AddressPairAndPortSecurityRequired'
  | 'DuplicateAddressPairInRequest'
  | 'ServicePortInUse'
  | 'FloatingIPNotFound'
  | 'ExternalGatewayForFloatingIPNotFound'
  | 'FloatingIPPortAlreadyAssociated'
  | 'RouterInterfaceInUseByFloatingIP'
  | 'RouterExternalGatewayInUseByFloatingIp'
  | 'FlavorNotFound'
  | 'ServiceProfileNotFound'
  | 'FlavorServiceProfileBindingExists'
  | 'FlavorServiceProfileBindingNotFound'
  | 'ServiceProfileInUse'
  | 'InvalidServiceType'
  | 'ServiceProfileEmpty'
  | 'ServiceProfileDriverNotFound';

export interface DomainError {
  readonly type: DomainErrorType;
  readonly message: string;
}

export const domainError = (type: DomainErrorType, message: string): DomainError => ({ type, message });
