import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

/** The value of one sample line of the Prometheus text, e.g. `netledger_commands_total{type="CreatePorts",outcome="ok"}`. */
const sample = (text: string, name: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? Number.NaN : Number(line.slice(name.length + 1));
};

describe('health and metrics (issue 11)', () => {
  let node: InProcessNode;
  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(() => node.close());

  it('is alive and ready once the log is folded in', async () => {
    expect((await call(node.url, 'GET', '/healthz')).status).toBe(200);
    const ready = await call(node.url, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ logRecoveredAndProjectionsCaughtUp: true, storeReachable: true });
  });

  it('shows commands by type and outcome, store latencies, batch sizes and allocation failures moving under load', async () => {
    const network = await call(node.url, 'POST', '/v2.0/networks', { network: { name: 'metrics' } });
    const subnet = await call(node.url, 'POST', '/v2.0/subnets', {
      subnet: { network_id: network.body.network.id, ip_version: 4, cidr: '10.9.0.0/29' },
    });
    expect(subnet.status).toBe(201);
    // A /29 holds .2 to .6: five ports, then IpAddressGenerationFailure.
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => call(node.url, 'POST', '/v2.0/ports', { port: { network_id: network.body.network.id } })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(3);

    const scrape = await call(node.url, 'GET', '/metrics');
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    const text = scrape.body as string;
    expect(sample(text, 'netledger_commands_total{type="CreatePorts",outcome="ok"}')).toBe(5);
    expect(sample(text, 'netledger_commands_total{type="CreatePorts",outcome="IpAddressGenerationFailure"}')).toBe(3);
    expect(sample(text, 'netledger_commands_total{type="CreateNetworks",outcome="ok"}')).toBe(1);
    expect(sample(text, 'netledger_ip_allocation_failures_total')).toBe(3);
    // Network (its segmentation id and itself), subnet, the default security group with the first
    // port (one bulk), the other ports (those decided while an append of their network is in
    // flight go together as one append).
    const appends = sample(text, 'netledger_store_append_seconds_count{outcome="ok"}');
    expect(appends).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'netledger_store_group_commit_appends_sum')).toBe(appends);
    expect(sample(text, 'netledger_store_group_commit_events_sum')).toBe(node.engine.world.position);
    expect(sample(text, 'netledger_store_fsync_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'netledger_projection_lag_events')).toBe(0);
    expect(sample(text, 'netledger_log_head_position')).toBe(node.engine.world.position);
    expect(sample(text, 'netledger_commands_in_flight')).toBe(0);
    expect(sample(text, 'netledger_lane_queue_depth_max')).toBe(0);
    expect(text).toContain('netledger_process_resident_memory_bytes');
  });

  it('shows open watches and diffs sent to agents', async () => {
    await call(node.url, 'POST', '/v1/hosts', { host: { id: 'watched', name: 'watched', tunnel_ip: '192.0.2.77', mac: '02:00:00:00:00:77' } });
    const network = (await call(node.url, 'POST', '/v2.0/networks', { network: { name: 'watched-net' } })).body.network.id;
    await call(node.url, 'POST', '/v2.0/subnets', { subnet: { network_id: network, ip_version: 4, cidr: '10.77.0.0/24' } });
    const abort = new AbortController();
    const watch = await fetch(`${node.url}/southbound/v1/hosts/watched/watch?since=0`, { signal: abort.signal });
    const reader = watch.body!.getReader();
    await call(node.url, 'POST', '/v2.0/ports', { port: { network_id: network, 'binding:host_id': 'watched' } });
    let text = '';
    while (!text.includes('"type":"diff"')) text += new TextDecoder().decode((await reader.read()).value);
    const scrape = (await call(node.url, 'GET', '/metrics')).body as string;
    expect(sample(scrape, 'netledger_southbound_watchers')).toBe(1);
    expect(sample(scrape, 'netledger_southbound_diffs_sent_total')).toBeGreaterThanOrEqual(1);
    abort.abort();
  });
});
