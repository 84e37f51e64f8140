import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { authorize, hiddenAttributes, withImpliedRoles } from './authorize.js';
import type { Asking } from './evaluate.js';
import { ruleSetOf, type RuleSet } from './rule-set.js';

const defaults = ruleSetOf();
if (E.isLeft(defaults)) throw new Error(defaults.left);

const networks = new Map<string, Record<string, unknown>>([
  ['net-a', { id: 'net-a', project_id: 'a', shared: false }],
  ['shared-a', { id: 'shared-a', project_id: 'a', shared: true }],
]);
const groups = new Map<string, Record<string, unknown>>([['sg-a', { id: 'sg-a', project_id: 'a' }]]);

const asking = (project: string, roles: string[], target: Record<string, unknown>, rules: RuleSet = defaults.right): Asking => ({
  rules,
  credentials: { projectId: project, userId: `${project}-user`, roles: withImpliedRoles(roles) },
  target,
  related: { network: (id) => networks.get(id), securityGroup: (id) => groups.get(id) },
});
const verdict = (result: E.Either<string, void>) => (E.isLeft(result) ? result.left : 'allowed');

describe("Neutron's default policy", () => {
  it('keeps shared, router:external and provider attributes for the admin, naming every rule it checked', () => {
    const network = { project_id: 'a', shared: true, 'router:external': true, 'provider:segmentation_id': 42, port_security_enabled: true };
    expect(verdict(authorize(asking('a', ['member'], network), 'create_network', 'networks'))).toBe(
      '(((rule:create_network and rule:create_network:shared) and rule:create_network:router:external) and rule:create_network:provider:segmentation_id) is disallowed by policy',
    );
    expect(verdict(authorize(asking('ops', ['admin'], network), 'create_network', 'networks'))).toBe('allowed');
    expect(verdict(authorize(asking('a', ['member'], { project_id: 'a', shared: false }), 'create_network', 'networks'))).toBe('allowed');
  });

  it('checks on update every attribute the body names, even set to its default', () => {
    const network = { project_id: 'a', shared: false, name: 'n' };
    expect(verdict(authorize(asking('a', ['member'], network), 'update_network', 'networks', ['shared']))).toBe(
      '(rule:update_network and rule:update_network:shared) is disallowed by policy',
    );
    expect(verdict(authorize(asking('a', ['member'], network), 'update_network', 'networks', ['name']))).toBe('allowed');
    expect(verdict(authorize(asking('b', ['member'], network), 'update_network', 'networks', ['name']))).toBe('rule:update_network is disallowed by policy');
  });

  it("lets a reader read and nothing else", () => {
    expect(verdict(authorize(asking('a', ['reader'], { project_id: 'a', shared: false }), 'get_network', 'networks'))).toBe('allowed');
    expect(verdict(authorize(asking('a', ['reader'], { project_id: 'a' }), 'create_network', 'networks'))).toBe('rule:create_network is disallowed by policy');
    expect(verdict(authorize(asking('a', ['reader'], { project_id: 'a' }), 'delete_network', 'networks'))).toBe('rule:delete_network is disallowed by policy');
  });

  it("lets another project port on a shared network, but not choose its address, MAC or host", () => {
    const port = { project_id: 'b', network_id: 'shared-a' };
    expect(verdict(authorize(asking('b', ['member'], port), 'create_port', 'ports'))).toBe('allowed');
    expect(verdict(authorize(asking('b', ['member'], { ...port, fixed_ips: [{ subnet_id: 's' }] }), 'create_port', 'ports'))).toBe('allowed');
    expect(verdict(authorize(asking('b', ['member'], { ...port, fixed_ips: [{ subnet_id: 's', ip_address: '10.0.0.1' }] }), 'create_port', 'ports'))).toBe(
      '(rule:create_port and (rule:create_port:fixed_ips and (rule:create_port:fixed_ips:subnet_id and rule:create_port:fixed_ips:ip_address))) is disallowed by policy',
    );
    expect(verdict(authorize(asking('b', ['member'], { ...port, mac_address: 'fa:16:3e:00:00:01' }), 'create_port', 'ports'))).toBe(
      '(rule:create_port and rule:create_port:mac_address) is disallowed by policy',
    );
    expect(verdict(authorize(asking('b', ['member'], { ...port, 'binding:host_id': 'compute-1' }), 'create_port', 'ports'))).toBe(
      '(rule:create_port and rule:create_port:binding:host_id) is disallowed by policy',
    );
    // The network's owner may choose addresses and MACs on its own network.
    expect(verdict(authorize(asking('a', ['member'], { project_id: 'a', network_id: 'shared-a', mac_address: 'fa:16:3e:00:00:01', fixed_ips: [{ ip_address: '10.0.0.1' }] }), 'create_port', 'ports'))).toBe('allowed');
    // Not on an unshared network that is not its own.
    expect(verdict(authorize(asking('b', ['member'], { project_id: 'b', network_id: 'net-a' }), 'create_port', 'ports'))).toBe('rule:create_port is disallowed by policy');
  });

  it('reserves network:* device owners for the network owner', () => {
    const port = { project_id: 'b', network_id: 'shared-a', device_owner: 'network:router_interface' };
    expect(verdict(authorize(asking('b', ['member'], port), 'create_port', 'ports'))).toBe('(rule:create_port and rule:create_port:device_owner) is disallowed by policy');
    expect(verdict(authorize(asking('b', ['member'], { ...port, device_owner: 'compute:nova' }), 'create_port', 'ports'))).toBe('allowed');
    expect(verdict(authorize(asking('a', ['member'], { ...port, project_id: 'a' }), 'create_port', 'ports'))).toBe('allowed');
  });

  it("names a router gateway's sub-attributes, and keeps SNAT for the admin", () => {
    const router = { project_id: 'a', external_gateway_info: { network_id: 'ext', enable_snat: false } };
    expect(verdict(authorize(asking('a', ['member'], router), 'create_router', 'routers'))).toBe(
      '(rule:create_router and (rule:create_router:external_gateway_info and (rule:create_router:external_gateway_info:network_id and rule:create_router:external_gateway_info:enable_snat))) is disallowed by policy',
    );
    expect(verdict(authorize(asking('a', ['member'], { project_id: 'a', external_gateway_info: { network_id: 'ext' } }), 'create_router', 'routers'))).toBe('allowed');
  });

  it("reads a security group rule's owner from its group", () => {
    expect(verdict(authorize(asking('a', ['member'], { security_group_id: 'sg-a' }), 'create_security_group_rule', 'security_group_rules'))).toBe('allowed');
    expect(verdict(authorize(asking('b', ['member'], { security_group_id: 'sg-a' }), 'create_security_group_rule', 'security_group_rules'))).toBe(
      'rule:create_security_group_rule is disallowed by policy',
    );
  });

  it('hides binding attributes from everyone but the admin', () => {
    const port = { id: 'p', project_id: 'a', network_id: 'net-a', 'binding:host_id': 'h', 'binding:vif_type': 'ovs', name: 'x' };
    expect(hiddenAttributes(asking('a', ['member'], port), 'port')).toEqual(['binding:host_id', 'binding:vif_type']);
    expect(hiddenAttributes(asking('ops', ['admin'], port), 'port')).toEqual([]);
  });

  it('follows an override from the policy file', () => {
    const rules = ruleSetOf({ 'create_network:shared': 'rule:admin_or_owner' });
    if (E.isLeft(rules)) throw new Error(rules.left);
    expect(verdict(authorize(asking('a', ['member'], { project_id: 'a', shared: true }, rules.right), 'create_network', 'networks'))).toBe('allowed');
  });
});
