import type { GoalStateNode } from './node.js';
import * as floatingIp from './nodes/floating-ip.js';
import * as gateway from './nodes/gateway.js';
import * as addressGroup from './nodes/address-group.js';
import * as groupMember from './nodes/group-member.js';
import * as neighbor from './nodes/neighbor.js';
import * as network from './nodes/network.js';
import * as port from './nodes/port.js';
import * as router from './nodes/router.js';
import * as securityGroup from './nodes/security-group.js';
import * as subnet from './nodes/subnet.js';

/**
 * The whole goal-state graph in one place: each derived table and the inputs it depends on,
 * with the handler that turns a change of that input into the entries to look at again.
 *
 *   input            network subnet port security_group group_member address_group neighbor router floating_ip gateway
 *   port                             x                      x                          x        x        x          x
 *   hostNetwork        x       x                                                       x        x
 *   hostGroup                             x                x            x
 *   network            x
 *   subnet                     x
 *   securityGroup                         x
 *   remoteRule                                             x
 *   addressGroup                                                        x
 *   addressGroupRule                                                    x
 *   router                                                                                      x                   x
 *   host                                                                               x        x
 *   floatingIp                                                                                           x
 *   snatHost           x                                                               x        x                   x
 *
 * hostNetwork and hostGroup are derived inputs: the placement index turns a port change into
 * the hosts that started or stopped holding a network or a group. snatHost is derived too: a
 * router, host or gateway-port change may move the host that does a router's SNAT (which holds
the router and its networks, and whose address every host of the router holds).
 */
export const GOAL_STATE_GRAPH: readonly GoalStateNode[] = [
  { ...network.networkTable, on: { hostNetwork: network.onHostNetwork, network: network.onNetwork, port: network.onPort, snatHost: network.onSnatHost } },
  { ...subnet.subnetTable, on: { hostNetwork: subnet.onHostNetwork, subnet: subnet.onSubnet } },
  { ...port.portTable, on: { port: port.onPort } },
  { ...securityGroup.securityGroupTable, on: { hostGroup: securityGroup.onHostGroup, securityGroup: securityGroup.onSecurityGroup } },
  { ...groupMember.groupMemberTable, on: { hostGroup: groupMember.onHostGroup, remoteRule: groupMember.onRemoteRule, port: groupMember.onPort } },
  {
    ...addressGroup.addressGroupTable,
    on: { hostGroup: addressGroup.onHostGroup, addressGroupRule: addressGroup.onAddressGroupRule, addressGroup: addressGroup.onAddressGroup },
  },
  { ...neighbor.neighborTable, on: { hostNetwork: neighbor.onHostNetwork, port: neighbor.onPort, host: neighbor.onHost, snatHost: neighbor.onSnatHost } },
  {
    ...router.routerTable,
    on: { hostNetwork: router.onHostNetwork, port: router.onPort, router: router.onRouter, snatHost: router.onSnatHost, host: router.onHost },
  },
  { ...floatingIp.floatingIpTable, on: { floatingIp: floatingIp.onFloatingIp, port: floatingIp.onPort } },
  { ...gateway.gatewayTable, on: { snatHost: gateway.onSnatHost, router: gateway.onRouter, port: gateway.onPort } },
];
