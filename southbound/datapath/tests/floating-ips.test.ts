import { describe, expect, it } from 'vitest';
import { inNetns } from '../../../test-kit/lab.js';
import { eventually, kernelTestsRun, pings } from '../../../test-kit/lab-cloud.js';
import { labCloudFor } from '../../../test-kit/lab-cloud-fixture.js';
import { routerNetnsOf } from '../names.js';

const runs = await kernelTestsRun();

/** The outside world's address: the external subnet's gateway, the upstream router. */
const OUTSIDE = '203.0.113.1';

describe.skipIf(!runs)('the Linux datapath: floating IPs and SNAT through the host\'s external bridge (issue 21, routing)', () => {
  const cloud = labCloudFor({ hosts: 2, cidr: '10.30.0.0/24', external: `${OUTSIDE}/24`, gateways: [2] });

  it('the outside reaches a VM by its floating IP and sees it as that; a VM without one, on any host, as the gateway through the SNAT host; released, it stops', { timeout: 120_000 }, async () => {
    const { client } = cloud;
    const outside = cloud.outside!;
    // The outside notes the source of every ping it is sent.
    await inNetns(outside, 'nft', 'add table ip seen; add set ip seen sources { type ipv4_addr; flags dynamic; }; add chain ip seen input { type filter hook input priority 0; }; add rule ip seen input icmp type echo-request add @sources { ip saddr }');
    const seen = async (address: string) => new RegExp(`\\b${address.replace(/\./g, '\\.')}\\b`).test(await inNetns(outside, 'nft', 'list', 'set', 'ip', 'seen', 'sources'));
    const forget = () => inNetns(outside, 'nft', 'flush', 'set', 'ip', 'seen', 'sources');

    const external = (await client.post('/v2.0/networks', { network: { name: 'public', 'router:external': true } })).body.network.id as string;
    expect((await client.post('/v2.0/subnets', { subnet: { network_id: external, ip_version: 4, cidr: '203.0.113.0/24', enable_dhcp: false } })).status).toBe(201);
    const created = await client.post('/v2.0/routers', { router: { name: 'edge', external_gateway_info: { network_id: external } } });
    const router = created.body.router;
    const gatewayIp = router.external_gateway_info.external_fixed_ips[0].ip_address as string;
    const subnet = (await client.get(`/v2.0/subnets?network_id=${cloud.network}`)).body.subnets[0];
    expect((await client.put(`/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: subnet.id })).status).toBe(200);
    // Pings from outside come in through the group's rule.
    const open = (await client.post('/v2.0/security-groups', { security_group: { name: 'open' } })).body.security_group.id as string;
    await client.post('/v2.0/security-group-rules', { security_group_rule: { security_group_id: open, direction: 'ingress', ethertype: 'IPv4', protocol: 'icmp' } });

    const a = await cloud.port(1, { security_groups: [open] });
    const b = await cloud.port(2);
    const c = await cloud.port(1);
    const active = async (id: string) => (await client.get(`/v2.0/ports/${id}`)).body.port.status === 'ACTIVE';
    await eventually('the ports ACTIVE', async () => (await active(a.id)) && (await active(b.id)) && (await active(c.id)), 60_000);
    for (const vm of [a.vm, b.vm, c.vm]) await inNetns(vm.netns, 'ip', 'route', 'add', 'default', 'via', subnet.gateway_ip);

    const fip = (await client.post('/v2.0/floatingips', { floatingip: { floating_network_id: external, port_id: a.id } })).body.floatingip;
    const address = fip.floating_ip_address as string;
    await eventually('the outside pings a by its floating IP', () => pings({ netns: outside, tap: '' }, address), 30_000);
    await forget();
    expect(await pings(a.vm, OUTSIDE)).toBe(true);
    expect(await seen(address)).toBe(true);
    expect(await seen(a.ip)).toBe(false);

    // A change of the router that leaves its NAT as it is (a static route) writes nothing of its NAT table: same handles.
    const natHandles = async () => (await inNetns(routerNetnsOf(cloud.hosts[0].netns, router.id), 'nft', '-a', 'list', 'table', 'ip', 'netledger')).match(/# handle \d+/g);
    const handlesBefore = await natHandles();
    expect((await client.put(`/v2.0/routers/${router.id}`, { router: { routes: [{ destination: '198.18.0.0/24', nexthop: a.ip }] } })).status).toBe(200);
    await eventually('the route on h1', async () => (await inNetns(routerNetnsOf(cloud.hosts[0].netns, router.id), 'ip', 'route', 'show', '198.18.0.0/24')).includes('via'));
    // The agent reports a seq once it is programmed: the whole sync is done.
    const expected = (await client.get('/southbound/v1/hosts/h1/goal-state')).body as { seq: number };
    await eventually('h1 applied the change', () => (cloud.agents[0].status()?.seq ?? -1) >= expected.seq);
    expect(await natHandles()).toEqual(handlesBefore);

    // b is on h2, the router's SNAT host: out as the gateway's address. c, on h1 (not a gateway host), without a
    // floating IP: its h1 router sends it to h2's, and it comes out as the gateway's address too; its own address never leaves.
    await forget();
    await eventually('b reaches the outside', () => pings(b.vm, OUTSIDE), 30_000);
    expect(await seen(gatewayIp)).toBe(true);
    expect(await seen(b.ip)).toBe(false);
    await forget();
    await eventually('c reaches the outside through h2', () => pings(c.vm, OUTSIDE), 30_000);
    expect(await seen(gatewayIp)).toBe(true);
    expect(await seen(c.ip)).toBe(false);
    // a, whose floating IP is on h1 too, still comes out as its floating IP, not through h2.
    await forget();
    expect(await pings(a.vm, OUTSIDE)).toBe(true);
    expect(await seen(address)).toBe(true);
    expect(await seen(gatewayIp)).toBe(false);

    // Released: the outside no longer reaches a, and a goes out through h2's SNAT like c.
    expect((await client.put(`/v2.0/floatingips/${fip.id}`, { floatingip: { port_id: null } })).status).toBe(200);
    await eventually('the floating IP no longer answers', async () => !(await pings({ netns: outside, tap: '' }, address)));
    await forget();
    await eventually('a reaches the outside through h2', () => pings(a.vm, OUTSIDE), 30_000);
    expect(await seen(gatewayIp)).toBe(true);
    expect(await seen(address)).toBe(false);
    // Mapped again, then deleted.
    expect((await client.put(`/v2.0/floatingips/${fip.id}`, { floatingip: { port_id: a.id } })).status).toBe(200);
    await eventually('mapped again', () => pings({ netns: outside, tap: '' }, address), 30_000);
    expect((await client.del(`/v2.0/floatingips/${fip.id}`)).status).toBe(204);
    await eventually('deleted, it no longer answers', async () => !(await pings({ netns: outside, tap: '' }, address)));

    // SNAT moves: h1 becomes a gateway host and h2 stops being one. b, now on a host that is not the SNAT host, goes out
    // through h1 as the gateway's address; c, on h1, too; h2's router keeps no SNAT leg.
    expect((await client.put('/v1/hosts/h1', { host: { gateway: true } })).status).toBe(200);
    expect((await client.put('/v1/hosts/h2', { host: { gateway: false } })).status).toBe(200);
    // h2 no longer NATs (no SNAT leg, no external leg), so what comes out as the gateway's address below came through h1.
    const h2Links = () => inNetns(routerNetnsOf(cloud.hosts[1].netns, router.id), 'ip', '-o', 'link', 'show');
    await eventually('h2 keeps no SNAT or external leg', async () => !/\bq[sg][0-9a-f]+/.test(await h2Links()), 30_000);
    await forget();
    await eventually('b reaches the outside through h1', () => pings(b.vm, OUTSIDE), 60_000);
    expect(await seen(gatewayIp)).toBe(true);
    expect(await seen(b.ip)).toBe(false);
    await eventually('c reaches the outside on h1', () => pings(c.vm, OUTSIDE), 30_000);
    expect(await seen(c.ip)).toBe(false);
  });
});
