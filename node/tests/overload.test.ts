import { afterEach, describe, expect, it } from 'vitest';
import { call, startNode, type Answer, type InProcessNode } from '../../test-kit/in-process-node.js';

const expectRetryLater = (answer: Answer, status: number, type: string) => {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('retry-after')).toBe('1');
  expect(answer.body.NeutronError.type).toBe(type);
};

describe('overload: bounded queues answer 429 or 503 with Retry-After, then recover (issue 11)', () => {
  let node: InProcessNode | undefined;
  afterEach(async () => {
    await node?.close();
    node = undefined;
  });

  const networkWithSubnet = async (url: string, cidr: string): Promise<string> => {
    const network = await call(url, 'POST', '/v2.0/networks', { network: { name: 'flooded' } });
    const subnet = await call(url, 'POST', '/v2.0/subnets', { subnet: { network_id: network.body.network.id, ip_version: 4, cidr } });
    expect(subnet.status).toBe(201);
    return network.body.network.id;
  };

  it('a flood of creates on one network past its lane bound gets 429s, the rest are created, and the network works again', async () => {
    node = await startNode({ maxQueuedPerLane: 4 });
    const url = node.url;
    const network = await networkWithSubnet(url, '10.1.0.0/22');
    // Sent in one go: all reach the lane while its first append is still being written.
    const flood = await Promise.all(Array.from({ length: 80 }, () => call(url, 'POST', '/v2.0/ports', { port: { network_id: network } })));
    const created = flood.filter((a) => a.status === 201);
    const refused = flood.filter((a) => a.status !== 201);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) expectRetryLater(answer, 429, 'TooManyRequests');
    expect(created.length).toBeGreaterThanOrEqual(4);

    const listed = await call(url, 'GET', `/v2.0/ports?network_id=${network}`);
    expect(listed.body.ports.map((p: any) => p.id).sort()).toEqual(created.map((a) => a.body.port.id).sort());
    expect(node.engine.queuedCommands).toBe(0);
    const after = await call(url, 'POST', '/v2.0/ports', { port: { network_id: network } });
    expect(after.status).toBe(201);
  });

  it('past the bound on commands in flight over all lanes, creates on many networks get 503, and the node works again', async () => {
    node = await startNode({ maxInFlight: 3 });
    const url = node.url;
    const networks = [];
    for (let i = 0; i < 12; i++) networks.push(await networkWithSubnet(url, `10.2.${i}.0/24`));
    const flood = await Promise.all(networks.map((network) => call(url, 'POST', '/v2.0/ports', { port: { network_id: network } })));
    const refused = flood.filter((a) => a.status !== 201);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) expectRetryLater(answer, 503, 'ServiceUnavailable');
    for (const [i, network] of networks.entries()) {
      const listed = await call(url, 'GET', `/v2.0/ports?network_id=${network}`);
      expect(listed.body.ports).toHaveLength(flood[i].status === 201 ? 1 : 0);
    }
    const scrape = (await call(url, 'GET', '/metrics')).body as string;
    // A port create may first ensure the project's default group: either command may be the one refused.
    const overloaded = [...scrape.matchAll(/^netledger_commands_total\{type="\w+",outcome="Overloaded"\} (\d+)$/gm)].map((m) => Number(m[1]));
    expect(overloaded.reduce((a, b) => a + b, 0)).toBe(refused.length);
    expect((await call(url, 'POST', '/v2.0/ports', { port: { network_id: networks[0] } })).status).toBe(201);
  });
});
