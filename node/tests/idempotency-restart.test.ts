// A retry with the Idempotency-Key of a create acknowledged just before a kill -9 gets the first
// answer from the restarted server, and nothing is created twice: the key is in the log.
import { describe, expect, it } from 'vitest';
import { POSITION_HEADER } from '../../api/plugins/log-position.js';
import { call } from '../../test-kit/in-process-node.js';
import { serverWithDataDir } from '../../test-kit/server-with-data-dir.js';

describe('Idempotency-Key across kill -9', () => {
  const node = serverWithDataDir('netledger-idempotency-');

  it('answers the retry of a create and of a bulk across networks with the first answer, creating nothing new', async () => {
    let server = await node.start();
    const network = await call(server.url, 'POST', '/v2.0/networks', { network: { name: 'a' } }, { 'idempotency-key': 'net' });
    expect(network.status).toBe(201);
    const a = network.body.network.id as string;
    const b = (await call(server.url, 'POST', '/v2.0/networks', { network: { name: 'b' } })).body.network.id as string;
    for (const [id, cidr] of [[a, '10.1.0.0/24'], [b, '10.2.0.0/24']])
      expect((await call(server.url, 'POST', '/v2.0/subnets', { subnet: { network_id: id, ip_version: 4, cidr } })).status).toBe(201);
    // Ports on a, b, a: the log groups them by network, the answer keeps the body's order.
    const bulk = { ports: [{ network_id: a, name: 'first' }, { network_id: b, name: 'second' }, { network_id: a, name: 'third' }] };
    const ports = await call(server.url, 'POST', '/v2.0/ports', bulk, { 'idempotency-key': 'ports' });
    expect(ports.status).toBe(201);
    const port = await call(server.url, 'POST', '/v2.0/ports', { port: { network_id: b, name: 'single' } }, { 'idempotency-key': 'one' });
    expect(port.status).toBe(201);
    const networks = await call(server.url, 'POST', '/v2.0/networks', { networks: [{ name: 'c' }, { name: 'd' }] }, { 'idempotency-key': 'nets' });
    expect(networks.status).toBe(201);
    const head = Number(networks.headers.get(POSITION_HEADER));

    await node.kill();
    server = await node.restart();
    const portsAgain = await call(server.url, 'POST', '/v2.0/ports', bulk, { 'idempotency-key': 'ports' });
    expect(portsAgain.status).toBe(201);
    expect(portsAgain.headers.get('idempotent-replayed')).toBe('true');
    expect(portsAgain.body).toEqual(ports.body);
    const portAgain = await call(server.url, 'POST', '/v2.0/ports', { port: { network_id: b, name: 'single' } }, { 'idempotency-key': 'one' });
    expect([portAgain.status, portAgain.body]).toEqual([201, port.body]);
    const networkAgain = await call(server.url, 'POST', '/v2.0/networks', { network: { name: 'a' } }, { 'idempotency-key': 'net' });
    // As it is now: with the subnet made since.
    expect([networkAgain.status, networkAgain.body.network.id, networkAgain.body.network.subnets.length]).toEqual([201, a, 1]);

    const networksAgain = await call(server.url, 'POST', '/v2.0/networks', { networks: [{ name: 'c' }, { name: 'd' }] }, { 'idempotency-key': 'nets' });
    expect([networksAgain.status, networksAgain.body]).toEqual([201, networks.body]);

    const listed = await call(server.url, 'GET', '/v2.0/ports');
    expect(listed.body.ports).toHaveLength(4);
    expect(Number(listed.headers.get(POSITION_HEADER))).toBe(head);
  });
});
