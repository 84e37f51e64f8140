import { describe, expect, it } from 'vitest';
import { inNetns, sh } from '../../../test-kit/lab.js';
import { eventually, kernelTestsRun, pings } from '../../../test-kit/lab-cloud.js';
import { labCloudFor } from '../../../test-kit/lab-cloud-fixture.js';
import { routerNetnsOf } from '../names.js';

const runs = await kernelTestsRun();

const namespaces = async (): Promise<string[]> => (JSON.parse((await sh('ip', '-j', 'netns', 'list')) || '[]') as { name: string }[]).map((n) => n.name);

describe.skipIf(!runs)('the Linux datapath: a distributed router (issue 21, case 5)', () => {
  const cloud = labCloudFor({ hosts: 3, cidr: '10.20.0.0/24' });

  it('5. two subnets on a router: VMs on two hosts ping across them, routed on their own hosts, static routes included; without the interface they do not', { timeout: 90_000 }, async () => {
    const { client } = cloud;
    const other = (await client.post('/v2.0/networks', { network: { name: 'lab-b' } })).body.network.id as string;
    const subnetB = (await client.post('/v2.0/subnets', { subnet: { network_id: other, ip_version: 4, cidr: '10.21.0.0/24' } })).body.subnet;
    const subnetA = (await client.get(`/v2.0/subnets?network_id=${cloud.network}`)).body.subnets[0];
    const router = (await client.post('/v2.0/routers', { router: { name: 'lab-r' } })).body.router.id as string;
    for (const subnet of [subnetA, subnetB])
      expect((await client.put(`/v2.0/routers/${router}/add_router_interface`, { subnet_id: subnet.id })).status).toBe(200);

    // Unfiltered ports (security groups have tests of their own): b answers for an address behind it, the static route's.
    const unfiltered = { port_security_enabled: false, security_groups: [] };
    const a = await cloud.port(1, unfiltered);
    const created = (await client.post('/v2.0/ports', { port: { network_id: other, 'binding:host_id': 'h2', ...unfiltered } })).body.port;
    const bVm = await cloud.lab.vm(cloud.hosts[1], created.id, created.mac_address);
    const bIp = created.fixed_ips[0].ip_address as string;
    await sh('ip', '-n', bVm.netns, 'addr', 'add', `${bIp}/24`, 'dev', 'eth0');
    // A VM asking for its gateway before its tap is in the bridge would be answered by its host's namespace.
    const active = async (id: string) => (await client.get(`/v2.0/ports/${id}`)).body.port.status === 'ACTIVE';
    // A minute: the agents start through tsx, and on a loaded machine that takes a while (20 s failed under a load of 18).
    await eventually('both ports ACTIVE', async () => (await active(a.id)) && (await active(created.id)), 60_000);
    await sh('ip', '-n', a.vm.netns, 'route', 'add', 'default', 'via', subnetA.gateway_ip);
    await sh('ip', '-n', bVm.netns, 'route', 'add', 'default', 'via', subnetB.gateway_ip);

    await eventually('a pings b across the router', () => pings(a.vm, bIp), 30_000);
    expect(await pings(bVm, a.ip, 3)).toBe(true);
    // Routed on each VM's own host: both hosts have the router, with the other subnet's VM as a permanent neighbor.
    const onH1 = routerNetnsOf(cloud.hosts[0].netns, router);
    const onH2 = routerNetnsOf(cloud.hosts[1].netns, router);
    expect(await namespaces()).toEqual(expect.arrayContaining([onH1, onH2]));
    expect(await namespaces()).not.toContain(routerNetnsOf(cloud.hosts[2].netns, router));
    expect(await inNetns(onH1, 'ip', 'neigh', 'show', bIp)).toContain(created.mac_address);
    expect(await inNetns(onH2, 'ip', 'neigh', 'show', a.ip)).toContain(a.mac);
    // The traceroute's one hop: the reply to a TTL of 1 comes from a's gateway, on a's host.
    expect(await sh('sh', '-c', `ip netns exec ${a.vm.netns} ping -c 1 -W 1 -t 1 ${bIp} || true`)).toContain(`From ${subnetA.gateway_ip}`);

    // A static route: 10.99.0.0/24 is behind b.
    await sh('ip', '-n', bVm.netns, 'addr', 'add', '10.99.0.1/32', 'dev', 'lo');
    expect((await client.put(`/v2.0/routers/${router}`, { router: { routes: [{ destination: '10.99.0.0/24', nexthop: bIp }] } })).status).toBe(200);
    await eventually('a reaches 10.99.0.1 through the route', () => pings(a.vm, '10.99.0.1'));
    expect((await client.put(`/v2.0/routers/${router}`, { router: { routes: [] } })).status).toBe(200);
    await eventually('the route gone', async () => !(await pings(a.vm, '10.99.0.1')));

    expect((await client.put(`/v2.0/routers/${router}/remove_router_interface`, { subnet_id: subnetB.id })).status).toBe(200);
    await eventually('b unreachable from a', async () => !(await pings(a.vm, bIp)));
    await eventually('h1 without the router leg on b', async () => !(await inNetns(onH1, 'ip', 'neigh', 'show', bIp)).includes(created.mac_address));
  });
});
