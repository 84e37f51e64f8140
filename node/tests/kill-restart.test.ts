import { describe, expect, it } from 'vitest';
import { call } from '../../test-kit/in-process-node.js';
import { serverWithDataDir } from '../../test-kit/server-with-data-dir.js';

describe('a new user on a fresh machine (issue 2, done means)', () => {
  const node = serverWithDataDir('netledger-kill-');

  it('hands out .2 to .254 of a /24 to 253 of 300 ports, refuses the rest with 409, and keeps every acknowledged port across kill -9', async () => {
    let server = await node.start('--log-level', 'info');
    const network = await call(server.url, 'POST', '/v2.0/networks', { network: { name: 'demo' } });
    expect(network.status).toBe(201);
    const subnet = await call(server.url, 'POST', '/v2.0/subnets', {
      subnet: { network_id: network.body.network.id, ip_version: 4, cidr: '10.0.0.0/24' },
    });
    expect(subnet.status).toBe(201);

    const answers: { status: number; body: any }[] = [];
    for (let batch = 0; batch < 300; batch += 20)
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, () => call(server.url, 'POST', '/v2.0/ports', { port: { network_id: network.body.network.id } })),
        )),
      );
    const created = answers.filter((a) => a.status === 201).map((a) => a.body.port);
    const refused = answers.filter((a) => a.status !== 201);
    expect(created).toHaveLength(253);
    expect(refused).toHaveLength(47);
    for (const answer of refused) {
      expect(answer.status).toBe(409);
      expect(answer.body.NeutronError.type).toBe('IpAddressGenerationFailure');
    }
    const ips = new Set(created.map((p) => p.fixed_ips[0].ip_address));
    expect(ips.size).toBe(253);
    for (let host = 2; host <= 254; host++) expect(ips.has(`10.0.0.${host}`)).toBe(true);
    expect(new Set(created.map((p) => p.mac_address)).size).toBe(253);

    await node.kill();
    server = await node.restart();
    const listed = await call(server.url, 'GET', `/v2.0/ports?network_id=${network.body.network.id}`);
    const after = new Map<string, any>(listed.body.ports.map((p: any) => [p.id, p]));
    expect(after.size).toBe(253);
    for (const port of created) {
      expect(after.get(port.id)?.fixed_ips).toEqual(port.fixed_ips);
      expect(after.get(port.id)?.mac_address).toBe(port.mac_address);
    }
  });
});
