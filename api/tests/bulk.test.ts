import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

describe('bulk creates are all or nothing', () => {
  let node: InProcessNode;
  /** A refused bulk is one refused append: the log's head does not move (no create and delete pair). */
  const headAfter = async (write: () => Promise<unknown>) => {
    const before = await node.engine.store.headPosition();
    await write();
    return (await node.engine.store.headPosition()) - before;
  };
  let network: string;
  let other: string;
  beforeAll(async () => {
    node = await startNode();
    network = (await call(node.url, 'POST', '/v2.0/networks', { network: { name: 'a' } })).body.network.id;
    other = (await call(node.url, 'POST', '/v2.0/networks', { network: { name: 'b' } })).body.network.id;
    for (const [id, cidr] of [[network, '10.0.0.0/24'], [other, '10.0.1.0/24']])
      expect((await call(node.url, 'POST', '/v2.0/subnets', { subnet: { network_id: id, ip_version: 4, cidr } })).status).toBe(201);
  });
  afterAll(() => node.close());

  it('refuses a bulk of subnets over several networks whole, writing nothing, when a later one is refused', async () => {
    let answer: any;
    const moved = await headAfter(async () => {
      answer = await call(node.url, 'POST', '/v2.0/subnets', {
        subnets: [
          { network_id: network, ip_version: 4, cidr: '10.0.5.0/24' },
          { network_id: other, ip_version: 4, cidr: '10.0.6.0/24' },
          { network_id: network, ip_version: 4, cidr: '10.0.5.0/25' },
        ],
      });
    });
    expect(answer.status).toBe(400);
    expect(answer.body.NeutronError.message).toMatch(/overlaps/);
    expect(moved).toBe(0);
    const subnets = await call(node.url, 'GET', `/v2.0/subnets`);
    expect(subnets.body.subnets.map((s: { cidr: string }) => s.cidr).sort()).toEqual(['10.0.0.0/24', '10.0.1.0/24']);
  });

  it('creates a bulk of subnets over several networks in one append', async () => {
    const answer = await call(node.url, 'POST', '/v2.0/subnets', {
      subnets: [
        { network_id: network, ip_version: 6, cidr: 'fd00:a::/64' },
        { network_id: other, ip_version: 6, cidr: 'fd00:b::/64' },
      ],
    });
    expect(answer.status).toBe(201);
    expect(answer.body.subnets.map((s: { network_id: string }) => s.network_id)).toEqual([network, other]);
    const head = await node.engine.store.headPosition();
    const written = [];
    for await (const event of node.engine.store.readAll(head - 2)) written.push(event);
    expect(written.map((event) => event.type)).toEqual(['SubnetCreated', 'SubnetCreated']);
    expect(new Set(written.map((event) => event.metadata.commandId)).size).toBe(1);
  });

  it('refuses a bulk of ports over several networks whole, in one append, when one is refused', async () => {
    // The project's default group comes first, as in Neutron (a list makes it): it is no part of the bulk.
    await call(node.url, 'GET', '/v2.0/security-groups');
    let answer: any;
    const moved = await headAfter(async () => {
      answer = await call(node.url, 'POST', '/v2.0/ports', {
        ports: [
          { network_id: network },
          { network_id: other, fixed_ips: [{ ip_address: '10.0.1.1' }] },
          { network_id: other, fixed_ips: [{ ip_address: '10.0.1.1' }] },
        ],
      });
    });
    expect(moved).toBe(0);
    expect(answer.status).toBe(409);
    expect(answer.body.NeutronError.type).toBe('IpAddressAlreadyAllocated');
    expect((await call(node.url, 'GET', '/v2.0/ports')).body.ports.filter((p: { device_owner: string }) => p.device_owner === '')).toEqual([]);
  });

  it('creates networks in bulk, and none when one of them is refused', async () => {
    let refused: any;
    const moved = await headAfter(async () => {
      refused = await call(node.url, 'POST', '/v2.0/networks', {
        networks: [{ name: 'x' }, { name: 'y', 'provider:segmentation_id': 7 }, { name: 'z', 'provider:segmentation_id': 7 }],
      });
    });
    expect(refused.status).toBe(409);
    expect(moved).toBe(0);
    const names = (await call(node.url, 'GET', '/v2.0/networks')).body.networks.map((n: { name: string }) => n.name).sort();
    expect(names).toEqual(['a', 'b']);
    const created = await call(node.url, 'POST', '/v2.0/networks', { networks: [{ name: 'x' }, { name: 'y' }] });
    expect(created.status).toBe(201);
    expect(created.body.networks.map((n: { name: string }) => n.name)).toEqual(['x', 'y']);
  });
});
