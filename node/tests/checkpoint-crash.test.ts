import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call } from '../../test-kit/in-process-node.js';
import type { ServerProcess } from '../../test-kit/server-process.js';
import { serverWithDataDir } from '../../test-kit/server-with-data-dir.js';

/** What a restarted node serves: every port as listed, and every host stream's digest. */
const served = async (server: ServerProcess) => ({
  ports: (await call(server.url, 'GET', '/v2.0/ports')).body.ports,
  digests: (await call(server.url, 'GET', '/southbound/v1/digests')).body,
});

/** The checkpoint being written, if one is. */
const writing = (checkpoints: string): string | undefined => (existsSync(checkpoints) ? readdirSync(checkpoints).find((name) => name.endsWith('.tmp')) : undefined);

describe('a node killed while it writes a checkpoint', () => {
  const node = serverWithDataDir('netledger-checkpoint-kill-');

  it('restarts from the checkpoint before, or the log, and serves what a fold of the whole log serves', async () => {
    const checkpoints = join(node.dataDir, 'checkpoints');
    // A checkpoint after every event (as often as the capture's cost allows), so one is nearly always being written.
    let server = await node.start('--log-level', 'info', '--checkpoint-events', '1');
    expect((await call(server.url, 'POST', '/v1/hosts', { host: { id: 'h1', tunnel_ip: '192.0.2.1', mac: '52:54:00:00:00:01' } })).status).toBe(201);
    const network = (await call(server.url, 'POST', '/v2.0/networks', { network: { name: 'crash' } })).body.network;
    expect((await call(server.url, 'POST', '/v2.0/subnets', { subnet: { network_id: network.id, ip_version: 4, cidr: '10.0.0.0/22' } })).status).toBe(201);
    const port = () => call(server.url, 'POST', '/v2.0/ports', { port: { network_id: network.id, 'binding:host_id': 'h1' } });
    for (let i = 0; i < 40; i++) expect((await port()).status).toBe(201);
    let caught: string | undefined;
    const deadline = Date.now() + 30_000;
    const load = (async () => {
      while (!caught && Date.now() < deadline)
        await Promise.all(Array.from({ length: 8 }, () => port().catch(() => undefined)));
    })();
    while (!caught && Date.now() < deadline) {
      const unfinished = writing(checkpoints);
      if (unfinished) {
        await node.kill();
        caught = unfinished;
      } else await new Promise((resolve) => setImmediate(resolve));
    }
    await load;
    expect(caught).toBeDefined();

    server = await node.restart();
    // The unfinished one is removed and passed over: the node starts from the one before.
    expect(readdirSync(checkpoints)).not.toContain(caught);
    expect(server.output()).toMatch(/"fromCheckpoint":[1-9]/);
    const restarted = await served(server);
    await node.stop();

    await rm(checkpoints, { recursive: true });
    server = await node.restart();
    expect(server.output()).toContain('"fromCheckpoint":0');
    const folded = await served(server);
    expect(restarted.ports.length).toBeGreaterThanOrEqual(40);
    expect(restarted).toEqual(folded);
  });
});
