// Port status through the Kafka agent: it reads its host's diffs from Kafka and reports what it
// applied to the server (--report-to), which makes the port ACTIVE and tells Nova, as with the HTTP agent.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { recordedLogOf } from '../../../node/kafka-southbound.js';
import { call } from '../../../test-kit/in-process-node.js';
import { configFor } from '../../../test-kit/kafka-fixture.js';
import { kafkaTestsRun, sharedBrokers } from '../../../test-kit/kafka-broker.js';
import { startNovaDouble } from '../../../test-kit/nova-double.js';
import { until } from '../../../test-kit/until.js';
import { serverOn } from '../../../test-kit/server-fixture.js';
import { NovaNotifier } from '../../../node/nova/nova-notifier.js';
import { KafkaAgent } from '../kafka-agent.js';
import { KafkajsHostTopics } from '../kafkajs-host-topics.js';
import { DiffPublisher } from '../publisher.js';

/** Kafka consumers take seconds to join: a longer wait than the HTTP tests'. */
const soon = (done: () => boolean | Promise<boolean>) => until(done, 30_000, 50);

describe.skipIf(!kafkaTestsRun)('port status through the Kafka agent', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('DOWN, ACTIVE once the Kafka agent applied it (Nova told vif-plugged once), DOWN when the agent goes silent, ACTIVE when it is back', { timeout: 120_000 }, async () => {
    const config = configFor(sharedBrokers(), 'port-status');
    const server = await serverOn(undefined, { agentTimeoutMs: 1000, heartbeatMs: 100 });
    cleanups.push(async () => {
      await server.stop();
      await server.remove();
    });
    const publisher = new DiffPublisher(new KafkajsHostTopics(config), config, recordedLogOf(server.engine.store), server.streams, { backoff: { initialMs: 100, maxMs: 1000 } });
    publisher.start();
    cleanups.push(() => publisher.stop());
    const nova = await startNovaDouble();
    cleanups.push(() => nova.close());
    const notifier = new NovaNotifier(server.engine.world, { novaUrl: nova.url, batchMs: 50 });
    notifier.start(server.engine.store);
    cleanups.push(() => notifier.stop());

    const api = (method: string, path: string, body?: unknown) => call(server.url, method, path, body);
    await api('POST', '/v1/hosts', { host: { id: 'k1', tunnel_ip: '192.0.2.41', mac: '52:54:00:00:04:01' } });
    const network = (await api('POST', '/v2.0/networks', { network: { name: 'k' } })).body.network;
    await api('POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.41.0.0/24', ip_version: 4 } });
    const serverId = randomUUID();
    const port = (await api('POST', '/v2.0/ports', { port: { network_id: network.id, 'binding:host_id': 'k1', device_owner: 'compute:nova', device_id: serverId } })).body.port;
    expect(port.status).toBe('DOWN');
    const status = async () => (await api('GET', `/v2.0/ports/${port.id}`)).body.port.status as string;
    const plugged = () => nova.events().filter((e) => e.tag === port.id).map((e) => e.name);

    const agentOf = () => {
      const topics = new KafkajsHostTopics({ ...config, clientId: `agent-k1-${randomUUID().slice(0, 6)}` });
      const agent = new KafkaAgent({ hostId: 'k1', topics, config, backoff: { initialMs: 50, maxMs: 500 }, report: { server: server.url, intervalMs: 100, agentType: 'netledger-kafka-agent' } });
      agent.start();
      return { agent, stop: async () => { await agent.stop(); await topics.close(); } };
    };
    const first = agentOf();
    await soon(async () => (await status()) === 'ACTIVE');
    await soon(() => plugged().length === 1);
    expect(first.agent.status().seq).toBeGreaterThanOrEqual(server.streams.arrivals.of('k1').get(port.id)!);
    expect((await api('GET', '/v2.0/agents')).body.agents.map((a: any) => [a.host, a.alive, a.binary])).toEqual([['k1', true, 'netledger-kafka-agent']]);

    await first.stop();
    await soon(async () => (await status()) === 'DOWN');
    await soon(() => plugged().length === 2);
    const second = agentOf();
    cleanups.push(second.stop);
    await soon(async () => (await status()) === 'ACTIVE');
    await soon(() => plugged().length === 3);
    expect(plugged()).toEqual(['network-vif-plugged', 'network-vif-unplugged', 'network-vif-plugged']);
    expect(nova.refused).toEqual([]);
  });
});
