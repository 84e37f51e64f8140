import type { Command, World } from '../domain/index.js';
import { QUOTA_STREAM, SUBNET_POOL_STREAM, streamOfHost, streamOfNetwork, streamOfProjectGroups, streamOfRouter } from '../domain/index.js';

/**
 * The lane a command runs in is the stream its decision appends to, so two decisions about one
 * consistency boundary never race. Commands naming something that does not exist get a lane of
 * their own: they will be refused anyway.
 */
export const laneOf = (command: Command, world: World): string => {
  const ofPort = (id: string) => {
    const network = world.portNetwork.get(id);
    return network === undefined ? `port-${id}` : streamOfNetwork(network);
  };
  const ofSubnet = (id: string) => {
    const network = world.subnetNetwork.get(id);
    return network === undefined ? `subnet-${id}` : streamOfNetwork(network);
  };
  const ofGroup = (id: string) => {
    const group = world.securityGroups.get(id);
    return group === undefined ? `security-group-${id}` : streamOfProjectGroups(group.project_id);
  };
  const ofFloatingIp = (id: string) => {
    const floatingIp = world.floatingIps.get(id);
    return floatingIp === undefined ? `floating-ip-${id}` : streamOfNetwork(floatingIp.floating_network_id);
  };
  switch (command.type) {
    case 'CreateNetwork': return 'segmentation-ids';
    case 'UpdateNetwork':
    case 'DeleteNetwork': return streamOfNetwork(command.id);
    // A subnet taken from a pool queues with the pool's other decisions (the next free prefix); the
    // network's expected revision settles a race with the network's own lane, as for interfaces.
    case 'CreateSubnet':
      return command.subnet.subnetpool_id || command.subnet.use_default_subnetpool ? SUBNET_POOL_STREAM : streamOfNetwork(command.subnet.network_id);
    case 'UpdateSubnet':
    case 'DeleteSubnet': return ofSubnet(command.id);
    case 'CreatePorts': return streamOfNetwork(command.ports[0]?.network_id ?? '');
    case 'UpdatePort':
    case 'DeletePort': return ofPort(command.id);
    case 'RecordPortStatus': return ofPort(command.port_id);
    case 'CreateSecurityGroup': return streamOfProjectGroups(command.group.project_id);
    case 'EnsureDefaultSecurityGroup': return streamOfProjectGroups(command.project_id);
    case 'UpdateSecurityGroup':
    case 'DeleteSecurityGroup': return ofGroup(command.id);
    case 'CreateSecurityGroupRule': return ofGroup(command.rule.security_group_id);
    case 'DeleteSecurityGroupRule': return ofGroup(world.ruleGroup.get(command.id) ?? command.id);
    case 'CreateRouter':
    case 'UpdateRouter':
    case 'DeleteRouter': return streamOfRouter('router' in command ? command.router.id : command.id);
    // An interface is a port in its subnet's network, but whether it may join depends on the
    // router's other interfaces (one per subnet, no overlapping cidrs), which live in other
    // networks: these decisions queue per router, and the network's expected revision settles a
    // race with that network's own lane.
    case 'AddRouterInterface':
    case 'RemoveRouterInterface':
      return streamOfRouter(command.router_id);
    // A floating IP's address and mapping are decided in its external network's stream.
    case 'CreateFloatingIp': return streamOfNetwork(command.floating_ip.floating_network_id);
    case 'UpdateFloatingIp':
    case 'DeleteFloatingIp': return ofFloatingIp(command.id);
    case 'RegisterHost': return streamOfHost(command.host.id);
    case 'UpdateHost':
    case 'RemoveHost': return streamOfHost(command.id);
    case 'CreateAddressScope':
    case 'UpdateAddressScope':
    case 'DeleteAddressScope':
    case 'CreateSubnetPool':
    case 'UpdateSubnetPool':
    case 'DeleteSubnetPool':
      return SUBNET_POOL_STREAM;
    case 'CreateRbacPolicy': return streamOfNetwork(command.policy.object_id);
    case 'UpdateRbacPolicy':
    case 'DeleteRbacPolicy': {
      const network = world.policyNetwork.get(command.id);
      return network === undefined ? `rbac-policy-${command.id}` : streamOfNetwork(network);
    }
    case 'UpdateQuota':
    case 'ResetQuota':
      return QUOTA_STREAM;
    case 'CreateAddressGroup': return streamOfProjectGroups(command.group.project_id);
    case 'UpdateAddressGroup':
    case 'AddAddressGroupAddresses':
    case 'RemoveAddressGroupAddresses':
    case 'DeleteAddressGroup': {
      const group = world.addressGroups.get(command.id);
      return group === undefined ? `address-group-${command.id}` : streamOfProjectGroups(group.project_id);
    }
  }
};
