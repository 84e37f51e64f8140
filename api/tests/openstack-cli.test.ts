import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../southbound/agent/index.js';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

/** Where `openstack` is on the PATH, if anywhere (Debian's python3-openstackclient, installed by .ci/run). */
const openstackCli = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'openstack')).find((path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
});
const required = process.env.CI === 'true';

let node: InProcessNode;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One CLI call against our server with no keystone, in a clean environment (no OS_* leaking in). */
const openstack = (...args: string[]): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      openstackCli ?? 'openstack',
      ['--os-auth-type', 'none', '--os-endpoint', node.url, ...args],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

/** A call that must succeed quietly; its `-f json` output parsed when there is one. */
const ok = async (...args: string[]): Promise<any> => {
  const run = await openstack(...args);
  expect(run.stderr, args.join(' ')).toBe('');
  expect(run.code, args.join(' ')).toBe(0);
  return run.stdout.trim() === '' ? undefined : args.includes('json') ? JSON.parse(run.stdout) : run.stdout;
};

describe.skipIf(!openstackCli && !required)('the openstack CLI against the server (noauth)', () => {
  beforeAll(async () => {
    if (!openstackCli) throw new Error('CI=true but the openstack CLI is not installed (.ci/run installs python3-openstackclient)');
    node = await startNode();
  });
  afterAll(() => node?.close());

  it('builds a small tenant network, lists, shows and changes it, and tears it down', async () => {
    const network = await ok('network', 'create', 'tenant-net', '-f', 'json');
    expect(network).toMatchObject({ name: 'tenant-net', status: 'ACTIVE', 'provider:network_type': 'vxlan' });
    const subnetA = await ok('subnet', 'create', 'sub-a', '--network', 'tenant-net', '--subnet-range', '10.70.0.0/24', '-f', 'json');
    expect(subnetA).toMatchObject({ cidr: '10.70.0.0/24', gateway_ip: '10.70.0.1', allocation_pools: [{ start: '10.70.0.2', end: '10.70.0.254' }] });
    const subnetB = await ok('subnet', 'create', 'sub-b', '--network', 'tenant-net', '--subnet-range', '10.71.0.0/24', '-f', 'json');

    const fixed = await ok('port', 'create', 'fixed-port', '--network', 'tenant-net', '--fixed-ip', 'subnet=sub-a,ip-address=10.70.0.50', '-f', 'json');
    expect(fixed.fixed_ips).toEqual([{ subnet_id: subnetA.id, ip_address: '10.70.0.50' }]);
    const automatic = await ok('port', 'create', 'auto-port', '--network', 'tenant-net', '-f', 'json');
    expect(automatic.fixed_ips).toEqual([{ subnet_id: subnetA.id, ip_address: '10.70.0.2' }]);
    expect(automatic.mac_address).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);

    const group = await ok('security', 'group', 'create', 'web', '-f', 'json');
    const rule = await ok('security', 'group', 'rule', 'create', 'web', '--protocol', 'tcp', '--dst-port', '80', '-f', 'json');
    expect(rule).toMatchObject({ protocol: 'tcp', port_range_min: 80, port_range_max: 80, direction: 'ingress', security_group_id: group.id });
    await ok('port', 'set', 'fixed-port', '--security-group', 'web', '--name', 'web-port');
    const webPort = await ok('port', 'show', 'web-port', '-f', 'json');
    expect(webPort.security_group_ids).toContain(group.id);

    const router = await ok('router', 'create', 'edge', '-f', 'json');
    await ok('router', 'add', 'subnet', 'edge', 'sub-a');
    await ok('router', 'add', 'subnet', 'edge', 'sub-b');
    const shown = await ok('router', 'show', 'edge', '-f', 'json');
    expect(shown.interfaces_info.map((i: any) => i.ip_address).sort()).toEqual(['10.70.0.1', '10.71.0.1']);

    const ports = await ok('port', 'list', '--network', 'tenant-net', '-f', 'json');
    expect(ports).toHaveLength(4);
    const routerPorts = await ok('port', 'list', '--device-owner', 'network:router_interface', '-f', 'json');
    expect(routerPorts).toHaveLength(2);
    const subnets = await ok('subnet', 'list', '--network', 'tenant-net', '-f', 'json');
    expect(subnets.map((s: any) => s.Name).sort()).toEqual(['sub-a', 'sub-b']);

    await ok('network', 'set', 'tenant-net', '--name', 'renamed-net', '--tag', 'blue');
    const renamed = await ok('network', 'show', 'renamed-net', '-f', 'json');
    expect(renamed).toMatchObject({ id: network.id, tags: ['blue'] });

    const refused = await openstack('subnet', 'delete', 'sub-a');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/ConflictException: 409.*One or more ports have an IP allocation from this subnet/);

    await ok('router', 'remove', 'subnet', 'edge', 'sub-a');
    await ok('router', 'remove', 'subnet', 'edge', 'sub-b');
    await ok('router', 'delete', router.id);
    await ok('port', 'delete', 'web-port', 'auto-port');
    await ok('security', 'group', 'rule', 'delete', rule.id);
    await ok('security', 'group', 'delete', 'web');
    await ok('subnet', 'delete', subnetA.id, subnetB.id);
    await ok('network', 'delete', 'renamed-net');
    const left = await ok('network', 'list', '-f', 'json');
    expect(left).toEqual([]);
  }, 300_000); // ~28 CLI calls of 1-2 s each, more on a busy machine

  it('lists the hosts\' agents with `network agent list`: alive while they report', async () => {
    await call(node.url, 'POST', '/v1/hosts', { host: { id: 'cli-host', tunnel_ip: '192.0.2.77', mac: '52:54:00:00:07:07' } });
    const agent = new Agent({ hostId: 'cli-host', server: node.url, report: { server: node.url, intervalMs: 100 } });
    agent.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const agents = await ok('network', 'agent', 'list', '-f', 'json');
      expect(agents.map((a: any) => [a.Host, a.Alive, a['Agent Type'], a.State])).toEqual([['cli-host', true, 'netledger agent', true]]);
    } finally {
      await agent.stop();
    }
  }, 60_000);
});
