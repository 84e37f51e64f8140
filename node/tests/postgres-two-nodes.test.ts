// Two `netledger serve --store postgres` processes on one database: concurrent port creates
// through both never share an IP or a MAC (the stream's expected revision arbitrates, the loser
// decides again), and every port either node acknowledged is visible through both once a read
// names the position it was written at. Needs NETLEDGER_PG_URL; fails without it under CI=true.
import { describe, expect, it } from 'vitest';
import { POSITION_HEADER } from '../../api/plugins/log-position.js';
import { databaseOfItsOwn, skipWithoutPostgres } from '../../test-kit/postgres-database.js';
import { call, type Answer } from '../../test-kit/in-process-node.js';
import { serverWithDataDir } from '../../test-kit/server-with-data-dir.js';

const position = (answer: Answer): number => Number(answer.headers.get(POSITION_HEADER));

describe.skipIf(skipWithoutPostgres)('two API nodes on one PostgreSQL', () => {
  // A database of its own, so this file runs beside the other PostgreSQL tests.
  const database = databaseOfItsOwn('twonodes');
  // After the database, so the nodes stop before the database is dropped.
  const nodes = [serverWithDataDir('netledger-node-'), serverWithDataDir('netledger-node-')];

  it('hand out no IP or MAC twice under concurrent creates, and both show every acknowledged port', async () => {
    const servers = [];
    for (const node of nodes) servers.push(await node.start('--store', 'postgres', '--pg-url', database.url, '--log-level', 'info'));
    const [a, b] = servers.map((server) => server.url);

    const network = await call(a, 'POST', '/v2.0/networks', { network: { name: 'shared' } });
    expect(network.status).toBe(201);
    const networkId = network.body.network.id as string;
    const subnet = await call(a, 'POST', '/v2.0/subnets', { subnet: { network_id: networkId, ip_version: 4, cidr: '10.1.0.0/22' } });
    expect(subnet.status).toBe(201);
    const seen = await call(b, 'GET', `/v2.0/subnets/${subnet.body.subnet.id}?min_position=${position(subnet)}`);
    expect(seen.status).toBe(200);
    expect(position(seen)).toBeGreaterThanOrEqual(position(subnet));
    expect((await call(b, 'GET', '/v2.0/networks?min_position=abc')).status).toBe(400);
    const beyond = await call(b, 'GET', '/v2.0/networks?min_position=999999999');
    expect([beyond.status, beyond.body.NeutronError.type]).toEqual([400, 'HTTPBadRequest']);

    // Both nodes race on one network's stream. A create whose decision keeps losing is answered
    // 503 with Retry-After, never with a half-done write; the client retries it, as a client should.
    const create = async (node: string): Promise<Answer> => {
      for (let attempt = 0; ; attempt++) {
        const answer = await call(node, 'POST', '/v2.0/ports', { port: { network_id: networkId } });
        if (answer.status !== 503 || attempt === 10) return answer;
        expect(answer.headers.get('retry-after')).toBe('1');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    };
    const creates: Answer[] = [];
    for (let round = 0; round < 300; round += 30) {
      creates.push(...(await Promise.all(Array.from({ length: 30 }, (_, i) => create(i % 2 === 0 ? a : b)))));
    }
    expect(creates.filter((answer) => answer.status !== 201).map((answer) => answer.body)).toEqual([]);
    const ports = creates.map((answer) => answer.body.port);
    expect(new Set(ports.map((port) => port.fixed_ips[0].ip_address)).size).toBe(300);
    expect(new Set(ports.map((port) => port.mac_address)).size).toBe(300);

    const last = Math.max(...creates.map(position));
    for (const node of [a, b]) {
      const listed = await call(node, 'GET', `/v2.0/ports?network_id=${networkId}&min_position=${last}`);
      expect(listed.status).toBe(200);
      const byId = new Map(listed.body.ports.map((port: any) => [port.id, port]));
      for (const port of ports) expect(byId.get(port.id)).toEqual(port);
      expect(new Set(listed.body.ports.map((port: any) => port.mac_address)).size).toBe(listed.body.ports.length);
    }
  });
});
